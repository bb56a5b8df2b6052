import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { png } from "../../../test/helpers/media.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { getSiteSettings } from "../settings/settings.js";

const design = {
  accentColor: "#1a7f5a",
  headingFont: "source-serif-4",
  bodyFont: "inter",
  colorScheme: "dark",
  iconUrl: "",
  socialImageUrl: "/media/cards/default.png",
};

const themeUrlOf = (html: string) =>
  /<link rel="stylesheet" href="(\/theme\/[0-9a-f]+\.css)"/.exec(html)?.[1];

async function publicTheme(testApp: TestApp) {
  const home = await testApp.app.inject("/");
  const url = themeUrlOf(home.body);
  assert.ok(url, "the home page links the theme stylesheet");
  const theme = await testApp.app.inject(url);
  assert.equal(theme.statusCode, 200);
  return { home, theme };
}

for (const dialect of testDialects()) {
  describe(`Settings → Design on ${dialect}`, () => {
    it("saves the design, and public pages link a theme with the accent, the chosen fonts and the scheme", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator");
      const saved = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, _csrf: admin.csrf },
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, "/admin/settings/design/?notice=saved");

      const { home, theme } = await publicTheme(testApp);
      assert.match(home.body, /<meta name="color-scheme" content="dark">/);
      assert.match(
        home.body,
        /href="\/assets\/site\.[0-9a-f]+\.css">\s*<link rel="stylesheet" href="\/theme\//,
      );
      assert.match(
        home.body,
        /<meta property="og:image" content="https:\/\/news\.example\.test\/media\/cards\/default\.png">/,
      );
      assert.equal(theme.headers["content-type"], "text/css; charset=utf-8");
      assert.match(String(theme.headers["cache-control"]), /immutable/);
      assert.match(theme.body, /font-family: "Source Serif 4 Variable"/);
      assert.match(theme.body, /font-family: "Inter Variable"/);
      assert.doesNotMatch(theme.body, /Literata/);
      assert.match(theme.body, /color-scheme: dark/);
      assert.match(theme.body, /--accent: #[0-9a-f]{6}/);

      const fontUrl = /url\((\/assets\/font-inter\.[0-9a-f]+\.woff2)\)/.exec(theme.body)?.[1];
      assert.ok(fontUrl, "the font is served by the site itself");
      const font = await testApp.app.inject(fontUrl);
      assert.equal(font.statusCode, 200);
      assert.equal(font.headers["content-type"], "font/woff2");
      assert.equal(font.rawPayload.subarray(0, 4).toString("latin1"), "wOF2");

      const settings = await getSiteSettings(testApp.storage.db);
      assert.equal(settings.accentColor, "#1a7f5a");
      assert.equal(settings.colorScheme, "dark");
      const page = await admin.request({ method: "GET", url: "/admin/settings/design/?notice=saved" });
      assert.match(page.body, /Saved\./);
      assert.match(page.body, /<option value="inter" selected>/);
    });

    it("links no theme for the default design, and answers an old theme URL with a 404", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const home = await testApp.app.inject("/");
      assert.equal(themeUrlOf(home.body), undefined);
      assert.match(home.body, /<meta name="color-scheme" content="light dark">/);
      const response = await testApp.app.inject("/theme/000000000000.css");
      assert.equal(response.statusCode, 404);
    });

    for (const [field, value, message] of [
      ["accentColor", "red", /id="accentColor-error">Accent colour: A colour as #rrggbb/],
      ["accentColor", "#12345", /id="accentColor-error">Accent colour: /],
      ["headingFont", "comic-sans", /id="headingFont-error">Heading font: /],
      ["bodyFont", "../../etc/passwd", /id="bodyFont-error">Body font: /],
      ["colorScheme", "sepia", /id="colorScheme-error">Colour scheme: /],
      ["iconUrl", "https://elsewhere.example/icon.png", /id="iconUrl-error">Icon: /],
    ] as const) {
      it(`refuses ${field} = "${value}" with a 400 beside the field, keeping what was typed`, async (t) => {
        const testApp = await buildTestApp(t, dialect);
        const admin = await signInAs(testApp, "administrator");
        const response = await admin.request({
          method: "POST",
          url: "/admin/settings/design/",
          form: { ...design, [field]: value, _csrf: admin.csrf },
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.body, message);
        assert.match(response.body, /name="socialImageUrl"[^>]*value="\/media\/cards\/default\.png"/);
        assert.equal((await getSiteSettings(testApp.storage.db)).accentColor, "");
      });
    }

    it("keeps custom CSS and code from administrators: hidden, 403 on saving, and kept by their saves", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const owner = await signInAs(testApp, "owner");
      const ownerPage = await owner.request({ method: "GET", url: "/admin/settings/design/" });
      assert.match(ownerPage.body, /name="customCss"/);
      assert.match(ownerPage.body, /name="headCode"/);
      const ownerSave = await owner.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: {
          ...design,
          customCss: "h1 { letter-spacing: 0 }",
          headCode: "",
          footerCode: "",
          _csrf: owner.csrf,
        },
      });
      assert.equal(ownerSave.statusCode, 303);

      const admin = await signInAs(testApp, "administrator");
      const page = await admin.request({ method: "GET", url: "/admin/settings/design/" });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /name="customCss"|name="headCode"|name="footerCode"/);
      for (const field of ["customCss", "headCode", "footerCode"]) {
        const refused = await admin.request({
          method: "POST",
          url: "/admin/settings/design/",
          form: { ...design, [field]: "<script>alert(1)</script>", _csrf: admin.csrf },
        });
        assert.equal(refused.statusCode, 403, field);
      }
      const adminSave = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, accentColor: "#224488", _csrf: admin.csrf },
      });
      assert.equal(adminSave.statusCode, 303);
      const settings = await getSiteSettings(testApp.storage.db);
      assert.equal(settings.accentColor, "#224488");
      assert.equal(settings.customCss, "h1 { letter-spacing: 0 }");
      assert.equal(settings.headCode, "");

      const editor = await signInAs(testApp, "editor");
      const editorPage = await editor.request({ method: "GET", url: "/admin/settings/design/" });
      assert.equal(editorPage.statusCode, 403);
    });

    it("refuses a save without the CSRF token", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const owner = await signInAs(testApp, "owner");
      const response = await owner.request({ method: "POST", url: "/admin/settings/design/", form: design });
      assert.equal(response.statusCode, 403);
      assert.equal((await getSiteSettings(testApp.storage.db)).accentColor, "");
    });

    it("puts the owner's code on public pages, not in the staff area, and lets it through the CSP", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const owner = await signInAs(testApp, "owner");
      const inline = "window.siteStats = 1;";
      const headCode = `<script>${inline}</script><script src="https://stats.example.org/s.js" defer></script>`;
      const footerCode =
        '<style>.site-footer { outline: 0 }</style><p class="owner-footer">Made in the valley</p>';
      const saved = await owner.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: {
          ...design,
          customCss: ".owner-css { color: inherit }",
          headCode,
          footerCode,
          _csrf: owner.csrf,
        },
      });
      assert.equal(saved.statusCode, 303);

      const { home, theme } = await publicTheme(testApp);
      assert.ok(home.body.includes(`${headCode}</head>`), "the header code ends <head>");
      assert.ok(home.body.includes(`${footerCode}</body>`), "the footer code ends <body>");
      assert.match(theme.body, /\.owner-css \{ color: inherit \}/);
      const policy = String(home.headers["content-security-policy"]);
      const hash = createHash("sha256").update(inline).digest("base64");
      const styleHash = createHash("sha256").update(".site-footer { outline: 0 }").digest("base64");
      assert.match(
        policy,
        new RegExp(
          `script-src 'self' 'sha256-${hash.replace(/[+/]/g, "\\$&")}' https://stats\\.example\\.org`,
        ),
      );
      assert.ok(policy.includes(`'sha256-${styleHash}'`), policy);
      assert.match(policy, /connect-src 'self' https:\/\/stats\.example\.org/);

      for (const path of ["/search?q=valley", "/no-such-page/", "/account/"]) {
        const uncached = await testApp.app.inject(path);
        assert.ok(uncached.body.includes(`${headCode}</head>`), path);
        assert.equal(uncached.headers["content-security-policy"], policy, `${path} carries the same policy`);
      }

      const staff = await owner.request({ method: "GET", url: "/admin/" });
      assert.doesNotMatch(staff.body, /stats\.example\.org|owner-footer/);
      assert.doesNotMatch(String(staff.headers["content-security-policy"]), /sha256|stats\.example/);

      await owner.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, customCss: "", headCode: "", footerCode: "", _csrf: owner.csrf },
      });
      const cleared = await testApp.app.inject("/");
      assert.doesNotMatch(String(cleared.headers["content-security-policy"]), /sha256|stats\.example/);
    });

    it("makes a 32 px favicon and a 180 px touch icon from a square crop of the icon image", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      mkdirSync(join(testApp.mediaDir, "uploads"), { recursive: true });
      writeFileSync(join(testApp.mediaDir, "uploads", "wide.png"), await png(300, 200));
      const admin = await signInAs(testApp, "administrator");
      const saved = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, iconUrl: "/media/uploads/wide.png", _csrf: admin.csrf },
      });
      assert.equal(saved.statusCode, 303);

      const home = await testApp.app.inject("/");
      const favicon =
        /<link rel="icon" href="(\/media\/site-icon\/[0-9a-f]+-32\.png)" type="image\/png" sizes="32x32">/.exec(
          home.body,
        )?.[1];
      const touch = /<link rel="apple-touch-icon" href="(\/media\/site-icon\/[0-9a-f]+-180\.png)">/.exec(
        home.body,
      )?.[1];
      assert.ok(favicon && touch, "both icons are linked");
      assert.doesNotMatch(home.body, /rel="icon" href="\/assets\/favicon/);
      for (const [url, size] of [
        [favicon, 32],
        [touch, 180],
      ] as const) {
        const icon = await testApp.app.inject(url);
        assert.equal(icon.statusCode, 200, url);
        const metadata = await sharp(icon.rawPayload).metadata();
        assert.deepEqual([metadata.format, metadata.width, metadata.height], ["png", size, size]);
      }
    });

    it("refuses an icon address with no image behind it, beside the field", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator");
      const response = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, iconUrl: "/media/uploads/missing.png", _csrf: admin.csrf },
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /id="iconUrl-error">Icon: no image at that address/);
      const notImage = join(testApp.mediaDir, "uploads");
      mkdirSync(notImage, { recursive: true });
      writeFileSync(join(notImage, "notes.png"), "not a picture");
      const garbage = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, iconUrl: "/media/uploads/notes.png", _csrf: admin.csrf },
      });
      assert.equal(garbage.statusCode, 400);
      assert.match(garbage.body, /id="iconUrl-error">Icon: that file is not an image/);
      const outside = await admin.request({
        method: "POST",
        url: "/admin/settings/design/",
        form: { ...design, iconUrl: "/media/../../etc/hostname", _csrf: admin.csrf },
      });
      assert.equal(outside.statusCode, 400);
      assert.match(outside.body, /id="iconUrl-error">Icon: no image at that address/);
      assert.equal((await getSiteSettings(testApp.storage.db)).iconUrl, "");
    });
  });
}
