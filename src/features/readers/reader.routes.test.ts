import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { formBody } from "../../../test/helpers/forms.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { createMailer } from "../mail/mailer.js";
import { SIGN_IN_LINK_LIFETIME_MS } from "./reader.js";
import { READER_COOKIE } from "./reader-session.js";

async function appWithSmtp(
  t: Parameters<typeof buildTestApp>[0],
  dialect: Parameters<typeof buildTestApp>[1],
) {
  const smtp = await startSmtpListener(t);
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "News <news@example.test>" }, { info() {} });
  const testApp = await buildTestApp(t, dialect, { mailer });
  return { testApp, inbox: smtp.inbox };
}

/** Asks for a link through the form and reads it out of the message the SMTP listener received. */
async function requestLink(
  testApp: TestApp,
  inbox: { raw: string; to: string[] }[],
  email: string,
  returnTo = "/account/",
) {
  const before = inbox.length;
  const response = await testApp.app.inject({
    method: "POST",
    url: "/account/sign-in",
    ...formBody({ email, return_to: returnTo }),
  });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, "/account/?notice=sent");
  const mail = inbox[before];
  assert.ok(mail, "a message arrived");
  assert.deepEqual(mail.to, [email.toLowerCase()]);
  const token = /\/account\/sign-in\/([A-Za-z0-9_-]+)/.exec(mailText(mail))?.[1];
  assert.ok(token, "the message holds a sign-in link");
  assert.ok(mailText(mail).includes("https://news.example.test/account/sign-in/"));
  return token;
}

const cookieOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === READER_COOKIE);

async function signIn(testApp: TestApp, token: string) {
  const response = await testApp.app.inject({ method: "POST", url: `/account/sign-in/${token}` });
  return { response, cookie: cookieOf(response) };
}

for (const dialect of testDialects()) {
  describe(`reader accounts on ${dialect}`, () => {
    it("signs in by a one-time link sent over SMTP, with a Lax, HttpOnly, Secure session cookie", async (t) => {
      const { testApp, inbox } = await appWithSmtp(t, dialect);
      const token = await requestLink(testApp, inbox, "Ada@Example.org", "/some-article/#comments");
      const confirm = await testApp.app.inject(`/account/sign-in/${token}`);
      assert.equal(confirm.statusCode, 200, "opening the link (as mail scanners do) shows a button only");
      assert.equal(confirm.headers["cache-control"], "no-store");
      const { response, cookie } = await signIn(testApp, token);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/some-article/#comments");
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Lax");
      assert.equal(cookie.secure, true, "the test site is served over https");
      const profile = await testApp.app.inject({
        url: "/account/",
        cookies: { [READER_COOKIE]: cookie.value },
      });
      assert.match(profile.body, /ada@example\.org/);
      assert.match(profile.body, /value="ada"/);
    });

    it("refuses a link used twice, an expired link and a made-up one", async (t) => {
      const { testApp, inbox } = await appWithSmtp(t, dialect);
      const token = await requestLink(testApp, inbox, "reuse@example.org");
      assert.ok((await signIn(testApp, token)).cookie);
      const again = await signIn(testApp, token);
      assert.equal(again.response.statusCode, 400);
      assert.equal(again.cookie, undefined);
      assert.equal((await testApp.app.inject(`/account/sign-in/${token}`)).statusCode, 400);

      const late = await requestLink(testApp, inbox, "late@example.org");
      testApp.setNow(testApp.now() + SIGN_IN_LINK_LIFETIME_MS + 1);
      const expired = await signIn(testApp, late);
      assert.equal(expired.response.statusCode, 400);
      assert.equal(expired.cookie, undefined);
      assert.equal((await signIn(testApp, "A".repeat(43))).response.statusCode, 400);
    });

    it("limits links per address and refuses cross-site sign-in forms", async (t) => {
      const { testApp, inbox } = await appWithSmtp(t, dialect);
      for (let i = 0; i < 5; i++) await requestLink(testApp, inbox, "flood@example.org");
      const sixth = await testApp.app.inject({
        method: "POST",
        url: "/account/sign-in",
        ...formBody({ email: "flood@example.org" }),
      });
      assert.equal(sixth.statusCode, 429);
      assert.equal(inbox.length, 5);
      const forged = await testApp.app.inject({
        method: "POST",
        url: "/account/sign-in",
        ...formBody({ email: "victim@example.org" }),
        headers: { ...formBody({}).headers, "sec-fetch-site": "cross-site" },
      });
      assert.equal(forged.statusCode, 403);
      const offsite = await testApp.app.inject({
        method: "POST",
        url: "/account/sign-in",
        ...formBody({ email: "x@example.org", return_to: "//evil.example/" }),
      });
      assert.equal(offsite.statusCode, 303);
      const token =
        /sign-in\/([A-Za-z0-9_-]+)/.exec(mailText(inbox[inbox.length - 1] ?? { raw: "", to: [] }))?.[1] ?? "";
      assert.equal((await signIn(testApp, token)).response.headers.location, "/account/", "no open redirect");
    });

    it("limits sign-in links asked from one address to ten a minute, whatever the recipients", async (t) => {
      const { testApp, inbox } = await appWithSmtp(t, dialect);
      const ask = (n: number) =>
        testApp.app.inject({
          method: "POST",
          url: "/account/sign-in",
          remoteAddress: "203.0.113.200",
          ...formBody({ email: `person${n}@example.org` }),
        });
      for (let n = 0; n < 10; n++) assert.equal((await ask(n)).statusCode, 303);
      assert.equal((await ask(10)).statusCode, 429);
      assert.equal(inbox.length, 10);
      testApp.setNow(testApp.now() + 60_000);
      assert.equal((await ask(11)).statusCode, 303);
    });

    it("changes the display name, downloads the data, signs out and deletes the account", async (t) => {
      const { testApp, inbox } = await appWithSmtp(t, dialect);
      const { cookie } = await signIn(testApp, await requestLink(testApp, inbox, "grace@example.org"));
      assert.ok(cookie);
      const cookies = { [READER_COOKIE]: cookie.value };
      const renamed = await testApp.app.inject({
        method: "POST",
        url: "/account/name",
        cookies,
        ...formBody({ display_name: "  Grace   H. " }),
      });
      assert.equal(renamed.statusCode, 303);
      const empty = await testApp.app.inject({
        method: "POST",
        url: "/account/name",
        cookies,
        ...formBody({ display_name: "   " }),
      });
      assert.equal(empty.statusCode, 400);
      const data = await testApp.app.inject({ url: "/account/data", cookies });
      assert.equal(data.statusCode, 200);
      assert.match(String(data.headers["content-disposition"]), /attachment/);
      assert.deepEqual(JSON.parse(data.body).account.displayName, "Grace H.");
      assert.equal(JSON.parse(data.body).account.email, "grace@example.org");
      assert.equal((await testApp.app.inject({ url: "/account/data" })).statusCode, 401);

      const deleted = await testApp.app.inject({
        method: "POST",
        url: "/account/delete",
        cookies,
        ...formBody({ confirm: "yes" }),
      });
      assert.equal(deleted.statusCode, 303);
      assert.equal((await testApp.app.inject({ url: "/account/data", cookies })).statusCode, 401);
      const rows = await testApp.storage.db.selectFrom("readers").selectAll().execute();
      assert.deepEqual(rows, []);

      const second = await signIn(testApp, await requestLink(testApp, inbox, "grace@example.org"));
      assert.ok(second.cookie);
      const out = await testApp.app.inject({
        method: "POST",
        url: "/account/sign-out",
        cookies: { [READER_COOKIE]: second.cookie.value },
      });
      assert.equal(out.statusCode, 303);
      const after = await testApp.app.inject({
        url: "/account/data",
        cookies: { [READER_COOKIE]: second.cookie.value },
      });
      assert.equal(after.statusCode, 401, "the session ended on the server, not only in the browser");
    });
  });
}
