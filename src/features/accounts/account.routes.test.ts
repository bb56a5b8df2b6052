import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { anonymousBrowser, signInAs, TEST_PASSWORD } from "../../../test/helpers/staff.js";
import { createMailer, type Mail } from "../mail/mailer.js";
import { THROTTLE } from "./login.service.js";
import { SESSION_LIFETIME_MS } from "./session.service.js";
import { createSetupLinkIfNoStaff, LINK_LIFETIME_MS } from "./user.service.js";

const NEW_PASSWORD = "a brand new passphrase";

for (const dialect of testDialects()) {
  describe(`staff sign-in on ${dialect}`, () => {
    it("creates the owner from the one-time setup link, which then stops working", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const token = await createSetupLinkIfNoStaff(testApp.storage.db, testApp.now());
      assert.ok(token);
      const browser = await anonymousBrowser(testApp);
      assert.equal((await browser.request({ method: "GET", url: `/admin/setup/${token}` })).statusCode, 200);
      const form = {
        _csrf: browser.csrf,
        name: "Olivia Owner",
        email: "Owner@Example.org",
        password: NEW_PASSWORD,
      };
      const created = await browser.request({ method: "POST", url: `/admin/setup/${token}`, form });
      assert.equal(created.statusCode, 303);
      const account = await browser.request({ method: "GET", url: "/admin/account/" });
      assert.match(account.body, /owner@example.org · owner/);
      const again = await browser.request({ method: "POST", url: `/admin/setup/${token}`, form });
      assert.equal(again.statusCode, 400);
      assert.equal(await createSetupLinkIfNoStaff(testApp.storage.db, testApp.now()), null);
    });

    it("refuses an expired setup link", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const token = await createSetupLinkIfNoStaff(testApp.storage.db, testApp.now());
      testApp.setNow(testApp.now() + LINK_LIFETIME_MS + 1);
      const browser = await anonymousBrowser(testApp);
      const page = await browser.request({ method: "GET", url: `/admin/setup/${token}` });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /no longer works/);
    });

    it("sets an HttpOnly, SameSite=Lax, Secure session cookie and signs out", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const session = await signInAs(testApp, "author");
      const probe = await anonymousBrowser(testApp);
      const response = await probe.request({
        method: "POST",
        url: "/admin/signin",
        form: { _csrf: probe.csrf, email: session.user.email, password: TEST_PASSWORD },
      });
      const cookie = response.cookies.find((c) => c.name === "masthead_staff");
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Lax");
      assert.equal(cookie.secure, true);
      assert.equal((await session.request({ method: "GET", url: "/admin/account/" })).statusCode, 200);
      const out = await session.request({
        method: "POST",
        url: "/admin/signout",
        form: { _csrf: session.csrf },
      });
      assert.equal(out.statusCode, 303);
      assert.equal((await session.request({ method: "GET", url: "/admin/account/" })).statusCode, 303);
    });

    it("gives one answer for an unknown e-mail and a wrong password", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const session = await signInAs(testApp, "editor");
      const browser = await anonymousBrowser(testApp);
      const attempt = (email: string) =>
        browser.request({
          method: "POST",
          url: "/admin/signin",
          form: { _csrf: browser.csrf, email, password: "wrong password!" },
        });
      const unknown = await attempt("nobody@example.org");
      const wrong = await attempt(session.user.email);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.statusCode, 401);
      const message = (html: string) => /role="alert">([^<]+)</.exec(html)?.[1];
      assert.equal(message(unknown.body), "Wrong e-mail or password.");
      assert.equal(message(wrong.body), message(unknown.body));
    });

    it("sends a throttled account's owner a one-time link instead of locking them out", async (t) => {
      const mails: Mail[] = [];
      const mailer = { send: async (mail: Mail) => void mails.push(mail) };
      const testApp = await buildTestApp(t, dialect, { mailer });
      const session = await signInAs(testApp, "editor");
      const browser = await anonymousBrowser(testApp);
      const attempt = (password: string, ip: string, email = session.user.email) =>
        browser.request({
          method: "POST",
          url: "/admin/signin",
          remoteAddress: ip,
          form: { _csrf: browser.csrf, email, password },
        });
      // A stranger from many addresses, so no single address hits its own limit.
      for (let i = 0; i < THROTTLE.maxFailures; i++) {
        assert.equal((await attempt("wrong password!", `10.0.0.${i}`)).statusCode, 401);
      }
      const paused = await attempt(TEST_PASSWORD, "10.0.1.1");
      assert.equal(paused.statusCode, 429);
      assert.match(paused.body, /e-mailed you a one-time link/);
      assert.equal((await attempt("wrong again!", "10.0.0.99")).statusCode, 429);
      assert.equal(mails.length, 1, "one e-mail per window, however often the form is hammered");
      assert.equal(mails[0]?.to, session.user.email);
      const link = /\/admin\/password\/[A-Za-z0-9_-]+/.exec(mails[0]?.text ?? "")?.[0];
      assert.ok(link, "the mail carries a set-password link");

      const owner = await anonymousBrowser(testApp);
      const form = { _csrf: owner.csrf, password: NEW_PASSWORD };
      assert.equal((await owner.request({ method: "POST", url: link, form })).statusCode, 303);
      assert.equal((await owner.request({ method: "GET", url: "/admin/account/" })).statusCode, 200);

      const unknown = await attempt("x", "10.0.2.1", "nobody@example.org");
      assert.equal(unknown.statusCode, 401, "an unknown address is not told apart until it fails as often");
      testApp.setNow(testApp.now() + THROTTLE.windowMs + 1);
      assert.equal((await attempt(NEW_PASSWORD, "10.0.1.1")).statusCode, 303);
    });

    it("throttles one address trying many accounts", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const session = await signInAs(testApp, "author");
      const browser = await anonymousBrowser(testApp);
      const attempt = (email: string, password: string) =>
        browser.request({
          method: "POST",
          url: "/admin/signin",
          remoteAddress: "192.0.2.7",
          form: { _csrf: browser.csrf, email, password },
        });
      for (let i = 0; i < THROTTLE.maxFailures; i++)
        await attempt(`guess${i}@example.org`, "wrong password!");
      assert.equal((await attempt(session.user.email, TEST_PASSWORD)).statusCode, 429);
    });

    it("ends sessions when they expire, and everywhere on request", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const laptop = await signInAs(testApp, "editor", "Erin Editor");
      const phone = await anonymousBrowser(testApp);
      await phone.request({
        method: "POST",
        url: "/admin/signin",
        form: { _csrf: phone.csrf, email: laptop.user.email, password: TEST_PASSWORD },
      });
      assert.equal((await phone.request({ method: "GET", url: "/admin/account/" })).statusCode, 200);
      const everywhere = await laptop.request({
        method: "POST",
        url: "/admin/signout-everywhere",
        form: { _csrf: laptop.csrf },
      });
      assert.equal(everywhere.statusCode, 303);
      assert.equal((await phone.request({ method: "GET", url: "/admin/account/" })).statusCode, 303);
      assert.equal((await laptop.request({ method: "GET", url: "/admin/account/" })).statusCode, 200);
      testApp.setNow(testApp.now() + SESSION_LIFETIME_MS + 1);
      assert.equal((await laptop.request({ method: "GET", url: "/admin/account/" })).statusCode, 303);
    });

    it("needs a CSRF token even to sign in", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const session = await signInAs(testApp, "author");
      const browser = await anonymousBrowser(testApp);
      const response = await browser.request({
        method: "POST",
        url: "/admin/signin",
        form: { email: session.user.email, password: TEST_PASSWORD },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(
        response.cookies.find((c) => c.name === "masthead_staff"),
        undefined,
      );
    });

    it("resets a password through an e-mailed link, sent over real SMTP", async (t) => {
      const smtp = await startSmtpListener(t);
      const mailer = createMailer(
        { smtpUrl: smtp.url, mailFrom: "Newsroom <noreply@example.test>" },
        { info() {} },
      );
      const testApp = await buildTestApp(t, dialect, { mailer });
      const old = await signInAs(testApp, "author");
      const browser = await anonymousBrowser(testApp);
      const asked = await browser.request({
        method: "POST",
        url: "/admin/forgot",
        form: { _csrf: browser.csrf, email: old.user.email },
      });
      assert.equal(asked.statusCode, 303);
      const unknown = await browser.request({
        method: "POST",
        url: "/admin/forgot",
        form: { _csrf: browser.csrf, email: "who@example.org" },
      });
      assert.equal(unknown.headers.location, asked.headers.location);
      assert.equal(smtp.inbox.length, 1);
      assert.deepEqual(smtp.inbox[0]?.to, [old.user.email]);
      const link = /https:\/\/news\.example\.test(\/admin\/password\/[\w-]+)/.exec(
        mailText(smtp.inbox[0] ?? { to: [], raw: "" }),
      )?.[1];
      assert.ok(link, "no reset link in the e-mail");
      const tooShort = await browser.request({
        method: "POST",
        url: link,
        form: { _csrf: browser.csrf, password: "short" },
      });
      assert.equal(tooShort.statusCode, 400);
      const reset = await browser.request({
        method: "POST",
        url: link,
        form: { _csrf: browser.csrf, password: NEW_PASSWORD },
      });
      assert.equal(reset.statusCode, 303);
      // The old session is gone, the old password no longer works, the link is spent.
      assert.equal((await old.request({ method: "GET", url: "/admin/account/" })).statusCode, 303);
      const fresh = await anonymousBrowser(testApp);
      const signIn = (password: string) =>
        fresh.request({
          method: "POST",
          url: "/admin/signin",
          form: { _csrf: fresh.csrf, email: old.user.email, password },
        });
      assert.equal((await signIn(TEST_PASSWORD)).statusCode, 401);
      assert.equal((await signIn(NEW_PASSWORD)).statusCode, 303);
      assert.equal((await browser.request({ method: "GET", url: link })).statusCode, 400);
    });
  });
}
