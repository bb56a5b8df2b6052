import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../test/helpers/app.js";
import { testDialects } from "../../test/helpers/databases.js";
import { anonymousBrowser, signInAs, TEST_PASSWORD } from "../../test/helpers/staff.js";
import { THROTTLE } from "../features/accounts/login.service.js";

const PROXY = "127.0.0.1";
const STRANGER = "203.0.113.9";

for (const dialect of testDialects()) {
  describe(`behind a proxy on ${dialect}`, () => {
    /** Fails THROTTLE.maxFailures sign-ins from one peer, each for another account. */
    async function failFromPeer(
      browser: Awaited<ReturnType<typeof anonymousBrowser>>,
      peer: string,
      forwardedFor: (attempt: number) => string,
    ) {
      for (let i = 0; i < THROTTLE.maxFailures; i++) {
        const failed = await browser.request({
          method: "POST",
          url: "/admin/signin",
          remoteAddress: peer,
          headers: { "x-forwarded-for": forwardedFor(i) },
          form: { _csrf: browser.csrf, email: `guess${i}@example.org`, password: "wrong password!" },
        });
        assert.equal(failed.statusCode, 401);
      }
    }

    it("ignores X-Forwarded-For from a peer it does not trust", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { TRUST_PROXY: PROXY } });
      const editor = await signInAs(testApp, "editor");
      const browser = await anonymousBrowser(testApp);
      await failFromPeer(browser, STRANGER, (i) => `198.51.100.${i}`);
      const next = await browser.request({
        method: "POST",
        url: "/admin/signin",
        remoteAddress: STRANGER,
        headers: { "x-forwarded-for": "198.51.100.200" },
        form: { _csrf: browser.csrf, email: editor.user.email, password: TEST_PASSWORD },
      });
      assert.equal(next.statusCode, 429, "the stranger is still one address, whatever it claims");
    });

    it("throttles the real client address named by a trusted proxy, not the proxy", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { TRUST_PROXY: "127.0.0.0/8,10.0.0.0/8" } });
      const editor = await signInAs(testApp, "editor");
      const browser = await anonymousBrowser(testApp);
      await failFromPeer(browser, PROXY, () => "198.51.100.3");
      const signIn = (forwardedFor: string) =>
        browser.request({
          method: "POST",
          url: "/admin/signin",
          remoteAddress: PROXY,
          headers: { "x-forwarded-for": forwardedFor },
          form: { _csrf: browser.csrf, email: editor.user.email, password: TEST_PASSWORD },
        });
      assert.equal((await signIn("198.51.100.200")).statusCode, 303, "another reader behind the same proxy");
      assert.equal((await signIn("198.51.100.3")).statusCode, 429, "the address that failed ten times");
    });

    it("makes cookies Secure when a trusted proxy says the request came over https", async (t) => {
      const env = { SITE_URL: "http://news.example.test", TRUST_PROXY: "1" };
      const testApp = await buildTestApp(t, dialect, { env });
      const csrfCookie = async (headers: Record<string, string>) => {
        const page = await testApp.app.inject({ method: "GET", url: "/admin/signin", headers });
        return page.cookies.find((cookie) => cookie.name === "masthead_csrf");
      };
      assert.equal((await csrfCookie({ "x-forwarded-proto": "https" }))?.secure, true);
      assert.notEqual((await csrfCookie({}))?.secure, true);
    });

    it("keeps X-Forwarded-Proto from an untrusted peer from changing the cookie", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { SITE_URL: "http://news.example.test" } });
      const page = await testApp.app.inject({
        method: "GET",
        url: "/admin/signin",
        headers: { "x-forwarded-proto": "https" },
      });
      assert.notEqual(page.cookies.find((cookie) => cookie.name === "masthead_csrf")?.secure, true);
    });
  });
}
