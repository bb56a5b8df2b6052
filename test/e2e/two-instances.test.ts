import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { THROTTLE } from "../../src/features/accounts/login.service.js";
import { markdownToDoc } from "../../src/features/articles/document/doc.from-markdown.js";
import { findReward } from "../../src/features/donations/donation.repository.js";
import { updateSiteSettings } from "../../src/features/settings/settings.js";
import { TEST_NOW } from "../helpers/app.js";
import { commenter } from "../helpers/comments.js";
import { makeArticle, makeMugReward } from "../helpers/factories.js";
import { type Instance, startTwoInstances } from "../helpers/instances.js";
import { anonymousBrowser, signInAs, TEST_PASSWORD } from "../helpers/staff.js";
import { sessionEvent, signedEvent } from "../helpers/stripe.js";

const ready = Boolean(process.env.TEST_POSTGRES_URL && process.env.TEST_REDIS_URL);
// Redis outlives a test run by two minutes and the tests' clock is fixed: keys of their own per run.
const someAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const pageOf = async (instance: Instance, slug: string) => (await fetch(`${instance.url}/${slug}/`)).text();

describe("two instances on PostgreSQL, Redis and S3", {
  skip: !ready && "needs TEST_POSTGRES_URL and TEST_REDIS_URL",
}, () => {
  it("shows a vote cast on A on B's next page view", async (t) => {
    const { a, b } = await startTwoInstances(t);
    const article = await makeArticle(a.storage.db, TEST_NOW, { title: "Shared harbour" });
    assert.match(await pageOf(b, article.slug), /0 points/);
    assert.match(await pageOf(b, article.slug), /0 points/, "now from B's page cache");
    const api = `${a.url}/api/v1/articles/${article.slug}/votes`;
    const cookie = (await fetch(api)).headers.get("set-cookie")?.split(";")[0] ?? "";
    const voted = await fetch(api, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ value: 1 }),
    });
    assert.equal(voted.status, 200);
    assert.match(await pageOf(b, article.slug), /1 point\b/);
  });

  it("shows an article published and then edited on A on B", async (t) => {
    const { a, b } = await startTwoInstances(t);
    const editor = await signInAs(a, "editor");
    const form = (fields: Record<string, string>) => ({
      _csrf: editor.csrf,
      action: "save",
      standfirst: "Barges arrive on Monday.",
      body: JSON.stringify(markdownToDoc("The work takes six weeks.")),
      tags: "",
      authors: [String(editor.user.authorId)],
      status: "published",
      publishAt: "",
      ...fields,
    });
    const created = await editor.request({
      method: "POST",
      url: "/admin/articles/",
      form: form({ title: "Dredging starts" }),
    });
    assert.equal(created.statusCode, 303, created.body);
    assert.match(await pageOf(b, "dredging-starts"), /<h1[^>]*>Dredging starts</);
    const edit = String(created.headers.location).replace(/\?.*$/, "");
    const edited = await editor.request({
      method: "POST",
      url: edit,
      form: form({ title: "Dredging finished", revision: "1" }),
    });
    assert.equal(edited.statusCode, 303, edited.body);
    assert.match(await pageOf(b, "dredging-starts"), /<h1[^>]*>Dredging finished</);
  });

  it("applies the per-account sign-in rule once to eleven wrong passwords split across A and B", async (t) => {
    const { a, b, mails } = await startTwoInstances(t);
    const editor = await signInAs(a, "editor");
    const browsers = [await anonymousBrowser(a), await anonymousBrowser(b)];
    const codes = [];
    for (let i = 0; i <= THROTTLE.maxFailures; i++) {
      const browser = browsers[i % 2] ?? assert.fail();
      const response = await browser.request({
        method: "POST",
        url: "/admin/signin",
        remoteAddress: someAddress(),
        form: { _csrf: browser.csrf, email: editor.user.email, password: "wrong password!" },
      });
      codes.push(response.statusCode);
    }
    assert.deepEqual(codes, [...Array(THROTTLE.maxFailures).fill(401), 429]);
    const right = await browsers[1]?.request({
      method: "POST",
      url: "/admin/signin",
      remoteAddress: someAddress(),
      form: { _csrf: browsers[1]?.csrf ?? "", email: editor.user.email, password: TEST_PASSWORD },
    });
    assert.equal(right?.statusCode, 429);
    assert.equal(
      mails.filter((mail) => mail.to === editor.user.email).length,
      1,
      "one link, not one per instance",
    );
  });

  it("shares the comment rate limit between A and B", async (t) => {
    const { a, b } = await startTwoInstances(t);
    await updateSiteSettings(a.storage.db, {
      commentLimitPerMinutePerIp: 2,
      commentLimitPerMinutePerReader: 100,
    });
    const article = await makeArticle(a.storage.db, TEST_NOW, { title: "Limits" });
    a.setNow(TEST_NOW - (TEST_NOW % 60_000));
    const address = someAddress();
    const post = (instance: Instance, body: string) =>
      commenter(instance, address).comment(
        article.slug,
        { name: "C", email: "c@example.org", body },
        { wait: 3000 },
      );
    assert.equal((await post(a, "first")).statusCode, 303);
    assert.equal((await post(b, "second")).statusCode, 303);
    assert.equal((await post(a, "third")).statusCode, 429);
    assert.equal((await post(b, "fourth")).statusCode, 429);
  });

  it("counts one Stripe completion delivered to A and B at the same instant once", async (t) => {
    const { a, b } = await startTwoInstances(t);
    const { db } = a.storage;
    const mugId = await makeMugReward(db, TEST_NOW);
    const gift = await a.app.inject({
      method: "POST",
      url: "/donate/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        currency: "EUR",
        frequency: "one-time",
        preset: "20",
        reward: String(mugId),
      }).toString(),
    });
    assert.equal(gift.statusCode, 303, gift.body);
    const { id: donationId } = await db.selectFrom("donations").select("id").executeTakeFirstOrThrow();
    const completed = sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_shared" });
    const { payload, headers } = signedEvent(completed, TEST_NOW);
    const deliveries = await Promise.all(
      [a, b].map((instance) =>
        fetch(`${instance.url}/webhooks/stripe`, { method: "POST", headers, body: payload }),
      ),
    );
    assert.deepEqual(
      deliveries.map((response) => response.status),
      [200, 200],
    );
    const donations = await db.selectFrom("donations").select(["status", "payment_intent_id"]).execute();
    assert.deepEqual(donations, [{ status: "paid", payment_intent_id: "pi_shared" }]);
    assert.equal((await findReward(db, mugId))?.stock, 9);
    assert.equal((await db.selectFrom("donation_shipments").selectAll().execute()).length, 1);
  });
});
