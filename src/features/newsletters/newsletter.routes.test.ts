import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { newsletterInput } from "../../../test/helpers/newsletters.js";
import { signInReader } from "../../../test/helpers/readers.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { findPublicArticle } from "../articles/article.queries.js";
import { createMailer } from "../mail/mailer.js";
import { findReaderByEmail } from "../readers/reader.repository.js";
import { getSiteSecret } from "../settings/settings.js";
import { deliveryQueueOf } from "./delivery.queue.js";
import { issueFigures } from "./delivery.repository.js";
import { deliverySettings, runDeliveryWorker } from "./delivery.worker.js";
import { queueIssue } from "./issue.service.js";
import { OPT_IN_LIFETIME_MS } from "./newsletter.js";
import { defineNewsletter } from "./newsletter.service.js";
import { findSuppression } from "./subscription.repository.js";
import { subscriptionsOf } from "./subscription.service.js";

const form = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(key, one);
  return {
    payload: body.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  };
};

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: Parameters<typeof buildTestApp>[1]) {
  const smtp = await startSmtpListener(t);
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "News <news@example.test>" }, { info() {} });
  const testApp = await buildTestApp(t, dialect, { mailer, env: { SMTP_URL: smtp.url } });
  const { db } = testApp.storage;
  const daily = await defineNewsletter(
    db,
    newsletterInput({ name: "Daily", cadence: "daily" }),
    testApp.now(),
  );
  const breaking = await defineNewsletter(db, newsletterInput({ name: "Breaking" }), testApp.now());
  return { testApp, smtp, daily, breaking };
}

async function subscribe(testApp: TestApp, fields: Record<string, string | string[]>, headers = {}) {
  return testApp.app.inject({ method: "POST", url: "/newsletters/subscribe", ...form(fields, headers) });
}

const confirmLink = (raw: { raw: string }) =>
  /\/newsletters\/confirm\/([A-Za-z0-9_-]+)/.exec(mailText(raw as never))?.[1] ?? assert.fail("no link");

for (const dialect of testDialects()) {
  describe(`newsletter sign-up and leaving (${dialect})`, () => {
    it("double opt-in: nothing until the link is used, once; the reader account is created", async (t) => {
      const { testApp, smtp, daily, breaking } = await setUp(t, dialect);
      const { db } = testApp.storage;
      const response = await subscribe(testApp, {
        email: "Ana@Example.org",
        "newsletter[]": [String(daily), String(breaking)],
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/newsletters/?notice=sent");
      assert.deepEqual(await subscriptionsOf(db, "ana@example.org"), []);
      const [mail] = smtp.inbox;
      assert.ok(mail);
      assert.deepEqual(mail.to, ["ana@example.org"]);
      const token = confirmLink(mail);

      // Opening the link only shows a button: mail scanners fetch links.
      const page = await testApp.app.inject({ url: `/newsletters/confirm/${token}` });
      assert.match(page.body, /Yes, subscribe me/);
      assert.deepEqual(await subscriptionsOf(db, "ana@example.org"), []);

      const confirmed = await testApp.app.inject({ method: "POST", url: `/newsletters/confirm/${token}` });
      assert.equal(confirmed.statusCode, 200);
      assert.deepEqual((await subscriptionsOf(db, "ana@example.org")).sort(), [daily, breaking].sort());
      assert.ok(await findReaderByEmail(db, "ana@example.org"), "the reader account exists");

      const again = await testApp.app.inject({ method: "POST", url: `/newsletters/confirm/${token}` });
      assert.equal(again.statusCode, 400);
    });

    it("an opt-in link expires after a day", async (t) => {
      const { testApp, smtp, daily } = await setUp(t, dialect);
      await subscribe(testApp, { email: "late@example.org", "newsletter[]": String(daily) });
      const token = confirmLink(smtp.inbox[0] ?? assert.fail());
      testApp.setNow(testApp.now() + OPT_IN_LIFETIME_MS + 1);
      const page = await testApp.app.inject({ url: `/newsletters/confirm/${token}` });
      assert.match(page.body, /invalid, already used or expired/);
      const late = await testApp.app.inject({ method: "POST", url: `/newsletters/confirm/${token}` });
      assert.equal(late.statusCode, 400);
      assert.deepEqual(await subscriptionsOf(testApp.storage.db, "late@example.org"), []);
    });

    it("refuses cross-site posts, bad input and too many requests from one client", async (t) => {
      const { testApp, smtp, daily } = await setUp(t, dialect);
      const crossSite = await subscribe(
        testApp,
        { email: "x@example.org", "newsletter[]": String(daily) },
        { "sec-fetch-site": "cross-site" },
      );
      assert.equal(crossSite.statusCode, 403);
      assert.equal(
        (await subscribe(testApp, { email: "not-an-address", "newsletter[]": String(daily) })).statusCode,
        400,
      );
      assert.equal(
        (await subscribe(testApp, { email: "a@example.org", "newsletter[]": "999" })).statusCode,
        400,
      );
      assert.equal((await subscribe(testApp, { email: "a@example.org" })).statusCode, 400);
      assert.equal(smtp.inbox.length, 0);
      const statuses = [];
      for (let n = 0; n < 6; n++)
        statuses.push(
          (await subscribe(testApp, { email: `r${n}@example.org`, "newsletter[]": String(daily) }))
            .statusCode,
        );
      assert.deepEqual(statuses, [303, 303, 303, 303, 429, 429]);
    });

    it("one POST to the signed link in an e-mail unsubscribes, with no sign-in; a forged link does nothing", async (t) => {
      const { testApp, smtp, breaking } = await setUp(t, dialect);
      const { db } = testApp.storage;
      await subscribe(testApp, { email: "bo@example.org", "newsletter[]": String(breaking) });
      await testApp.app.inject({
        method: "POST",
        url: `/newsletters/confirm/${confirmLink(smtp.inbox[0] ?? assert.fail())}`,
      });
      const article = await makeArticle(db, testApp.now());
      const detail = (await findPublicArticle(db, article.slug, testApp.now())) ?? assert.fail();
      const { issueId } = await queueIssue(testApp.storage, {
        newsletterId: breaking,
        issueKey: `article:${article.id}`,
        stories: [detail],
        siteUrl: "https://news.example.test",
        siteTitle: "News",
        now: testApp.now(),
      });
      const sender = deliverySettings(
        {
          smtpUrl: smtp.url,
          siteUrl: "https://news.example.test",
          newsletterRate: 0,
          newsletterConcurrency: 1,
        },
        await getSiteSecret(db),
      );
      assert.ok(sender);
      await runDeliveryWorker(db, deliveryQueueOf(testApp.storage), sender, {
        clock: testApp.now,
        untilIdle: true,
      });
      const issueMail = smtp.inbox.at(-1) ?? assert.fail();
      const url = /<https:\/\/news\.example\.test(\/newsletters\/unsubscribe\/[^>]+)>/.exec(
        issueMail.raw,
      )?.[1];
      assert.ok(url);

      const forged = await testApp.app.inject({
        method: "POST",
        url: url.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
        ...form({ "List-Unsubscribe": "One-Click" }),
      });
      assert.equal(forged.statusCode, 400);
      const page = await testApp.app.inject({ url });
      assert.match(page.body, /Unsubscribe me/);
      assert.deepEqual(await subscriptionsOf(db, "bo@example.org"), [breaking]);

      // As a mailbox provider sends it (RFC 8058): no cookie, no origin, one field.
      const oneClick = await testApp.app.inject({
        method: "POST",
        url,
        ...form({ "List-Unsubscribe": "One-Click" }),
      });
      assert.equal(oneClick.statusCode, 200);
      assert.deepEqual(await subscriptionsOf(db, "bo@example.org"), []);
      assert.equal((await issueFigures(db, issueId)).unsubscribed, 1);
      const twice = await testApp.app.inject({
        method: "POST",
        url,
        ...form({ "List-Unsubscribe": "One-Click" }),
      });
      assert.equal(twice.statusCode, 200);
      assert.equal((await issueFigures(db, issueId)).unsubscribed, 1);
    });

    it("the home and article pages carry the same sign-up form for everyone", async (t) => {
      const { testApp } = await setUp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now());
      const page = await testApp.app.inject({ url: `/${article.slug}/` });
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<form class="newsletter-signup reader-form" method="post" action="\/newsletters\/subscribe">/,
      );
      assert.match(page.body, /Daily/);
      const home = await testApp.app.inject({ url: "/" });
      assert.match(
        home.body,
        /<form class="newsletter-signup reader-form" method="post" action="\/newsletters\/subscribe">/,
      );
      const list = await testApp.app.inject({ url: "/newsletters/" });
      assert.match(list.body, /Breaking/);
    });
  });
}

const WEBHOOK_SECRET = "bounce-secret-for-tests";
const signed = (report: unknown, secret = WEBHOOK_SECRET) => {
  const payload = JSON.stringify(report);
  const signature = createHmac("sha256", secret).update(payload).digest("hex");
  return {
    payload,
    headers: { "content-type": "application/json", "x-masthead-signature": `sha256=${signature}` },
  };
};

for (const dialect of testDialects()) {
  describe(`newsletter bounce webhook (${dialect})`, () => {
    it("a signed hard bounce or complaint suppresses the address with the reason; others change nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { NEWSLETTER_WEBHOOK_SECRET: WEBHOOK_SECRET } });
      const { db } = testApp.storage;
      const post = (options: { payload: string; headers: Record<string, string> }) =>
        testApp.app.inject({ method: "POST", url: "/webhooks/newsletter-bounces", ...options });
      const hard = {
        RecordType: "Bounce",
        Type: "HardBounce",
        Email: "Gone@Example.org",
        Description: "No such mailbox",
      };

      assert.equal((await post(signed(hard, "another-secret-entirely"))).statusCode, 401);
      assert.equal(
        (await post({ ...signed(hard), payload: JSON.stringify({ ...hard, Email: "x@example.org" }) }))
          .statusCode,
        401,
      );
      assert.equal((await post(signed({ RecordType: "Delivery", Email: "a@example.org" }))).statusCode, 400);
      assert.equal(await findSuppression(db, "gone@example.org"), undefined);

      const soft = await post(signed({ ...hard, Type: "SoftBounce", Email: "full@example.org" }));
      assert.deepEqual(soft.json(), { result: "ignored" });
      assert.equal(await findSuppression(db, "full@example.org"), undefined);

      assert.deepEqual((await post(signed(hard))).json(), { result: "suppressed" });
      assert.deepEqual(
        { ...(await findSuppression(db, "gone@example.org")), created_at: 0 },
        {
          email: "gone@example.org",
          reason: "bounced",
          detail: "HardBounce: No such mailbox",
          created_at: 0,
        },
      );
      await post(signed({ RecordType: "SpamComplaint", Email: "angry@example.org" }));
      assert.equal((await findSuppression(db, "angry@example.org"))?.reason, "complained");
    });
  });
}

for (const dialect of testDialects()) {
  describe(`newsletters in /account/ (${dialect})`, () => {
    it("a signed-in reader ticks and unticks newsletters; leaving the account ends them", async (t) => {
      const { testApp, daily, breaking } = await setUp(t, dialect);
      const { db } = testApp.storage;
      assert.equal(
        (await testApp.app.inject({ url: "/account/newsletters/" })).statusCode,
        303,
        "sign in first",
      );
      const cookies = await signInReader(testApp, "cy@example.org");
      const choose = (ids: string[]) =>
        testApp.app.inject({
          method: "POST",
          url: "/account/newsletters/",
          cookies,
          ...form({ "newsletter[]": ids }),
        });

      assert.equal((await choose([String(daily), String(breaking)])).statusCode, 303);
      assert.deepEqual((await subscriptionsOf(db, "cy@example.org")).sort(), [daily, breaking].sort());
      const page = await testApp.app.inject({ url: "/account/newsletters/", cookies });
      assert.equal([...page.body.matchAll(/checked/g)].length, 2);
      await choose([String(breaking)]);
      assert.deepEqual(await subscriptionsOf(db, "cy@example.org"), [breaking]);
      assert.equal((await choose([])).statusCode, 303, "nothing ticked leaves everything");
      assert.deepEqual(await subscriptionsOf(db, "cy@example.org"), []);

      const anonymous = await testApp.app.inject({
        method: "POST",
        url: "/account/newsletters/",
        ...form({ "newsletter[]": [String(daily)] }),
      });
      assert.equal(anonymous.statusCode, 401);
      const crossSite = await testApp.app.inject({
        method: "POST",
        url: "/account/newsletters/",
        cookies,
        ...form({ "newsletter[]": [String(daily)] }, { "sec-fetch-site": "cross-site" }),
      });
      assert.equal(crossSite.statusCode, 403);

      await choose([String(daily)]);
      const data = await testApp.app.inject({ url: "/account/data", cookies });
      const [kept] = JSON.parse(data.body).newsletters;
      assert.deepEqual([kept.name, kept.status], ["Daily", "active"]);
      const deleted = await testApp.app.inject({
        method: "POST",
        url: "/account/delete",
        cookies,
        ...form({ confirm: "yes" }),
      });
      assert.equal(deleted.statusCode, 303);
      assert.deepEqual(await subscriptionsOf(db, "cy@example.org"), []);
    });
  });
}
