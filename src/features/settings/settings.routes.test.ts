import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { getSiteSettings, updateSiteSettings } from "./settings.js";

const validForm = {
  title: "The River Courier",
  description: "News from the valley.",
  logoUrl: "",
  language: "de-CH",
  timeZone: "Europe/Zurich",
  postsPerPage: "5",
  donationAppeal: "Chip in.",
  readerAppeal: "Tell us.",
  commentPolicy: "hold-all",
  commentsOpenTo: "readers",
  homeLayout: "digest",
  socialLinks: "https://mastodon.social/@courier",
};

async function administrator(testApp: TestApp) {
  return signInAs(testApp, "administrator");
}

for (const dialect of testDialects()) {
  describe(`site settings page on ${dialect}`, () => {
    it("shows the current values to an administrator", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { title: "Valley <News>" });
      const admin = await administrator(testApp);
      const page = await admin.request({ method: "GET", url: "/admin/settings/" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="title"[^>]*value="Valley &lt;News&gt;"/);
      assert.match(page.body, /<option value="hold-first-time" selected>/);
      assert.match(page.body, /<option value="Europe\/Zurich">/);
    });

    it("saves every field and the public pages show the change on the very next request", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const before = await testApp.app.inject("/");
      assert.match(before.body, /<title>Masthead<\/title>/);

      const admin = await administrator(testApp);
      const saved = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...validForm, logoUrl: "/media/logo.png", _csrf: admin.csrf },
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, "/admin/settings/?notice=saved");

      const after = await testApp.app.inject("/");
      assert.match(after.body, /<title>The River Courier<\/title>/);
      assert.match(after.body, /<html lang="de-CH">/);
      assert.match(after.body, /<div class="home home-layout-digest">/);
      assert.match(after.body, /<a href="https:\/\/mastodon.social\/@courier">mastodon.social<\/a>/);
      assert.match(
        after.body,
        /<a class="site-title" href="\/"><img[^>]*src="\/media\/logo.png" alt="The River Courier"/,
      );

      const settings = await getSiteSettings(testApp.storage.db);
      assert.equal(settings.postsPerPage, 5);
      assert.equal(settings.timeZone, "Europe/Zurich");
      assert.equal(settings.commentPolicy, "hold-all");
      assert.equal(settings.commentsOpenTo, "readers");

      const confirmation = await admin.request({ method: "GET", url: "/admin/settings/?notice=saved" });
      assert.match(confirmation.body, /Saved\./);
    });

    for (const [field, value, message] of [
      ["timeZone", "Mars/Olympus_Mons", /Unknown time zone &quot;Mars\/Olympus_Mons&quot;/],
      ["language", "english", /Language of the public pages: One of the languages offered/],
      ["language", "it", /Language of the public pages: /],
      ["postsPerPage", "0", /Articles per page: A whole number from 1 to 100\./],
      ["postsPerPage", "ten", /Articles per page: A whole number from 1 to 100\./],
      ["logoUrl", "javascript:alert(1)", /Logo: /],
      ["commentPolicy", "anything-goes", /Comment moderation: /],
      ["title", "   ", /Site title: /],
    ] as const) {
      it(`refuses ${field} = "${value}" with a 400 that keeps what was typed, and saves nothing`, async (t) => {
        const testApp = await buildTestApp(t, dialect);
        const admin = await administrator(testApp);
        const response = await admin.request({
          method: "POST",
          url: "/admin/settings/",
          form: { ...validForm, [field]: value, _csrf: admin.csrf },
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.body, message);
        assert.match(response.body, /name="description"[^>]*value="News from the valley\."/);
        const settings = await getSiteSettings(testApp.storage.db);
        assert.equal(settings.title, "Masthead");
        assert.equal(settings.postsPerPage, 12);
      });
    }

    it("puts a schema error beside its field and marks the field invalid", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await administrator(testApp);
      const response = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...validForm, postsPerPage: "ten", _csrf: admin.csrf },
      });
      assert.equal(response.statusCode, 400);
      assert.match(
        response.body,
        /<input type="number" id="postsPerPage"[^>]*aria-invalid="true"[^>]*value="ten"/,
      );
      assert.match(
        response.body,
        /id="postsPerPage-error">Articles per page: A whole number from 1 to 100\./,
      );
      assert.match(
        response.body,
        /<a href="#postsPerPage">Articles per page: /,
        "the summary links to the field",
      );
      assert.doesNotMatch(response.body, /id="title"[^>]*aria-invalid/);
    });

    it("is forbidden to editors, for reading and for saving", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const page = await editor.request({ method: "GET", url: "/admin/settings/" });
      assert.equal(page.statusCode, 403);
      const post = await editor.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...validForm, _csrf: editor.csrf },
      });
      assert.equal(post.statusCode, 403);
      assert.equal((await getSiteSettings(testApp.storage.db)).title, "Masthead");
    });

    it("lets the owner in too", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const owner = await signInAs(testApp, "owner");
      const page = await owner.request({ method: "GET", url: "/admin/settings/" });
      assert.equal(page.statusCode, 200);
    });

    it("refuses a POST without the CSRF token and saves nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await administrator(testApp);
      const response = await admin.request({ method: "POST", url: "/admin/settings/", form: validForm });
      assert.equal(response.statusCode, 403);
      assert.equal((await getSiteSettings(testApp.storage.db)).title, "Masthead");
    });
  });
}

describe("updateSiteSettings", () => {
  it("throws a 400 AppError for a value that does not fit", async (t) => {
    const testApp = await buildTestApp(t);
    await assert.rejects(updateSiteSettings(testApp.storage.db, { timeZone: "Nowhere/Land" }), {
      status: 400,
      message: /Unknown time zone/,
    });
    await assert.rejects(updateSiteSettings(testApp.storage.db, { postsPerPage: 0 }), {
      status: 400,
      message: /postsPerPage/,
    });
  });
});
