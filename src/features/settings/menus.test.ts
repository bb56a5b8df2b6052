import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import { seedDemoContent } from "../demo/demo-seed.js";
import { parseMenu } from "./menus.js";
import { defaultSiteSettings } from "./settings.js";
import { formValuesOf } from "./views/settings-page.js";

test("a menu setting reads as ordered links", () => {
  assert.deepEqual(parseMenu("About | /about/\r\nElsewhere |https://example.org/x\n"), [
    { name: "About", href: "/about/" },
    { name: "Elsewhere", href: "https://example.org/x" },
  ]);
  assert.deepEqual(parseMenu(""), []);
});

for (const dialect of testDialects()) {
  describe(`navigation menus (${dialect})`, () => {
    test("administrators set the header and footer menus in Settings; every page shows them", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator");
      const form = { ...formValuesOf(defaultSiteSettings()), _csrf: admin.csrf };
      const saved = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: {
          ...form,
          primaryMenu: "Politics | /category/politics/\nTop | /top/",
          footerMenu: "About | /about/",
        },
      });
      assert.equal(saved.statusCode, 303);
      const home = (await testApp.app.inject("/")).body;
      assert.match(
        home,
        /<nav class="site-nav"[^>]*><ul><li><a href="\/category\/politics\/">Politics<\/a><\/li><li><a href="\/top\/">Top<\/a>/,
      );
      assert.match(home, /<nav class="footer-nav"[^>]*><ul><li><a href="\/about\/">About<\/a>/);

      const bad = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...form, footerMenu: "No link here" },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="footerMenu-error"/);
      const script = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...form, footerMenu: "Bad | javascript:alert(1)" },
      });
      assert.equal(script.statusCode, 400, "only paths and http(s) URLs");
    });

    test("the demo site has About and Contact pages in its footer menu", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await seedDemoContent(testApp.storage.db, {
        media: localMediaStore(testApp.mediaDir),
        now: testApp.now(),
      });
      const home = (await testApp.app.inject("/")).body;
      assert.match(
        home,
        /<nav class="footer-nav"[^>]*><ul><li><a href="\/about\/">About us<\/a><\/li><li><a href="\/contact\/">Contact<\/a>/,
      );
      const about = await testApp.app.inject("/about/");
      assert.equal(about.statusCode, 200);
      assert.match(about.body, /About The Harbour Ledger/);
      assert.doesNotMatch(home, /About The Harbour Ledger/, "pages stay off the home list");
    });
  });
}
