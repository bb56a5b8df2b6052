import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { saveRedirect } from "./redirect.service.js";

for (const dialect of testDialects()) {
  describe(`redirects (${dialect})`, () => {
    test("a stored redirect answers a miss with a 301; pages that exist never consult it", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const article = await makeArticle(db, testApp.now(), { title: "Harbour fire", slug: "harbour-fire" });
      await saveRedirect(
        db,
        { fromPath: "/2019/05/03/harbour-fire/", toUrl: `/${article.slug}/` },
        testApp.now(),
      );
      await saveRedirect(db, { fromPath: "/?p=41", toUrl: `/${article.slug}/` }, testApp.now());
      // A redirect from an address that exists is never used: the page wins.
      await saveRedirect(db, { fromPath: `/${article.slug}/`, toUrl: "/elsewhere/" }, testApp.now());
      const get = (url: string) => testApp.app.inject({ method: "GET", url });

      for (const url of [
        "/2019/05/03/harbour-fire/",
        "/2019/05/03/harbour-fire",
        "/2019/05/03/harbour-fire/?utm=x",
        "/?p=41",
      ]) {
        const response = await get(url);
        assert.equal(response.statusCode, 301, url);
        assert.equal(response.headers.location, "/harbour-fire/", url);
      }
      assert.equal((await get("/harbour-fire/")).statusCode, 200);
      assert.equal((await get("/?p=42")).statusCode, 200, "an unknown ?p= is the home page, as before");
      assert.equal((await get("/2019/05/03/nothing/")).statusCode, 404);
      const posted = await testApp.app.inject({ method: "POST", url: "/2019/05/03/harbour-fire/" });
      assert.equal(posted.statusCode, 404, "only reads are redirected");
      const api = await get("/api/v1/nothing");
      assert.equal(api.statusCode, 404);
    });

    test("administrators list, add and delete redirects; mistakes come back beside the field", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator");
      const add = (form: Record<string, string>) =>
        admin.request({
          method: "POST",
          url: "/admin/settings/redirects/",
          form: { _csrf: admin.csrf, ...form },
        });

      const saved = await add({ fromPath: "https://old.example/about-us", toUrl: "/about/" });
      assert.equal(saved.statusCode, 303);
      const list = await admin.request({ method: "GET", url: "/admin/settings/redirects/" });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<td>\/about-us\/<\/td>/);
      assert.match(list.body, /1 redirects/);

      const bad = await add({ fromPath: "/old/", toUrl: "javascript:alert(1)" });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="toUrl-error"[^>]*>&quot;To&quot; must be a path on this site/);
      assert.match(bad.body, /value="\/old\/"/, "what was typed stays in the form");
      assert.equal((await add({ fromPath: "/admin/x/", toUrl: "/" })).statusCode, 400);
      assert.equal((await add({ fromPath: "/", toUrl: "/x/" })).statusCode, 400);

      const forged = await admin.request({
        method: "POST",
        url: "/admin/settings/redirects/",
        form: { fromPath: "/a/", toUrl: "/b/" },
      });
      assert.equal(forged.statusCode, 403, "no CSRF token, no change");

      const id = /action="\/admin\/settings\/redirects\/(\d+)\/delete"/.exec(list.body)?.[1];
      assert.ok(id);
      const deleted = await admin.request({
        method: "POST",
        url: `/admin/settings/redirects/${id}/delete`,
        form: { _csrf: admin.csrf },
      });
      assert.equal(deleted.statusCode, 303);
      const again = await admin.request({
        method: "POST",
        url: `/admin/settings/redirects/${id}/delete`,
        form: { _csrf: admin.csrf },
      });
      assert.equal(again.statusCode, 404);
      assert.equal((await testApp.app.inject({ method: "GET", url: "/about-us/" })).statusCode, 404);
    });

    test("editors may not manage redirects", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      assert.equal(
        (await editor.request({ method: "GET", url: "/admin/settings/redirects/" })).statusCode,
        403,
      );
      const post = await editor.request({
        method: "POST",
        url: "/admin/settings/redirects/",
        form: { _csrf: editor.csrf, fromPath: "/a/", toUrl: "/b/" },
      });
      assert.equal(post.statusCode, 403);
    });
  });
}
