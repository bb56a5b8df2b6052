import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import sharp, { type Metadata } from "sharp";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { mediaUploader, multipart, png } from "../../../test/helpers/media.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { updateSiteSettings } from "../settings/settings.js";
import type { MediaItem } from "./media.js";
import { listMedia } from "./media.service.js";

const MIB = 1024 * 1024;

const mediaFiles = (testApp: TestApp) =>
  readdirSync(testApp.mediaDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

const storedMedia = async (testApp: TestApp, q = ""): Promise<MediaItem[]> =>
  (await listMedia(testApp.storage.db, { q, page: 1 })).items;

async function setup(t: TestContext, dialect: "sqlite" | "postgres") {
  const testApp = await buildTestApp(t, dialect);
  return { testApp, ...(await mediaUploader(testApp)) };
}

for (const dialect of testDialects()) {
  describe(`media library routes on ${dialect}`, () => {
    it("uploads a PNG: redirect with a notice, the row, and every copy as WebP and JPEG", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      const response = await upload(
        editor,
        { name: "quay.png", type: "image/png", data: await png(1300, 650) },
        "The quay",
      );
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, "/admin/media/?notice=uploaded");

      const [item] = await storedMedia(testApp);
      assert.ok(item);
      assert.deepEqual(
        [item.originalName, item.alt, item.width, item.height, item.uploadedBy],
        ["quay.png", "The quay", 1300, 650, editor.user.id],
      );
      assert.deepEqual(item.variantWidths, [320, 640, 960, 1280]);
      for (const width of item.variantWidths) {
        for (const [ext, format] of [
          ["webp", "webp"],
          ["jpg", "jpeg"],
        ]) {
          const meta: Metadata = await sharp(
            join(testApp.mediaDir, `${item.fileKey}-${width}.${ext}`),
          ).metadata();
          assert.deepEqual([meta.format, meta.width], [format, width]);
        }
      }
      const served = await testApp.app.inject({ url: `/media/${item.fileKey}-320.webp` });
      assert.equal(served.statusCode, 200);

      const page = await editor.request({ method: "GET", url: response.headers.location as string });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Uploaded\./);
      assert.ok(page.body.includes(item.url));
      assert.match(page.body, /1300 × 650 px/);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /action="\/admin\/media\/\?_csrf=[^"]+"/);
    });

    it("judges a file by its bytes: a PNG named .exe is a PNG, stored under our own name", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      const data = await png(400, 300);
      const response = await upload(editor, { name: "setup.exe", type: "application/x-msdownload", data });
      assert.equal(response.statusCode, 303);
      const [item] = await storedMedia(testApp);
      assert.equal(item?.originalName, "setup.exe");
      assert.equal(item?.contentType, "image/jpeg");
      assert.ok(mediaFiles(testApp).every((entry) => /^[A-Za-z0-9_-]{16}-\d+\.(webp|jpg)$/.test(entry.name)));

      // A script may send the file with no name at all.
      const namelessBody = Buffer.concat([
        Buffer.from(
          '--B\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\n',
        ),
        data,
        Buffer.from("\r\n--B--\r\n"),
      ]);
      const nameless = await editor.request({
        method: "POST",
        url: `/admin/media/?_csrf=${encodeURIComponent(editor.csrf)}`,
        payload: namelessBody,
        headers: { "content-type": "multipart/form-data; boundary=B" },
      });
      assert.equal(nameless.statusCode, 303);
      assert.equal((await storedMedia(testApp))[0]?.originalName, "image");
    });

    it("refuses an HTML file named .png, an empty file and an SVG with a 400, storing nothing", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      const files = [
        { name: "cat.png", type: "image/png", data: Buffer.from("<html><script>alert(1)</script></html>") },
        { name: "empty.png", type: "image/png", data: Buffer.alloc(0) },
        {
          name: "logo.svg",
          type: "image/svg+xml",
          data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'),
        },
      ];
      for (const file of files) {
        const response = await upload(editor, file);
        assert.equal(response.statusCode, 400, file.name);
        assert.match(response.body, /Not an image we accept \(JPEG, PNG, WebP, GIF\)/);
      }
      for (const missing of [null, { name: "", type: "application/octet-stream", data: Buffer.alloc(0) }]) {
        const response = await upload(editor, missing);
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /Choose an image file/);
      }
      assert.deepEqual(await storedMedia(testApp), []);
      assert.deepEqual(mediaFiles(testApp), []);
    });

    it("answers 413 for a file over the upload setting and over the hard cap, storing nothing", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      await updateSiteSettings(testApp.storage.db, { uploadMaxBytes: 100 * 1024 });
      const overSetting = Buffer.concat([await png(300, 300), Buffer.alloc(100 * 1024)]);
      const small = await upload(editor, { name: "big.png", type: "image/png", data: overSetting });
      assert.equal(small.statusCode, 413);
      assert.match(small.body, /larger than the 100 KB upload limit/);

      await updateSiteSettings(testApp.storage.db, { uploadMaxBytes: 50 * MIB });
      const overCap = Buffer.alloc(50 * MIB + 1);
      overCap.set(await png(300, 300));
      const huge = await upload(editor, { name: "huge.png", type: "image/png", data: overCap });
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /larger than the 50 MB upload limit/);

      assert.deepEqual(await storedMedia(testApp), []);
      assert.deepEqual(mediaFiles(testApp), []);
    });

    it("needs a CSRF token and a signed-in staff member", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      const file = { name: "a.png", type: "image/png", data: await png(100, 100) };
      assert.equal((await upload(editor, file, "", null)).statusCode, 403);
      assert.equal((await upload(editor, file, "", "forged-token")).statusCode, 403);
      const body = await multipart(file);
      const signedOut = await testApp.app.inject({ method: "POST", url: "/admin/media/", ...body });
      assert.equal(signedOut.statusCode, 401);
      const signedOutPage = await testApp.app.inject({ url: "/admin/media/" });
      assert.equal(signedOutPage.statusCode, 303);
      assert.equal((await testApp.app.inject({ url: "/admin/media.json" })).statusCode, 303);
      assert.deepEqual(await storedMedia(testApp), []);
      assert.deepEqual(mediaFiles(testApp), []);
    });

    it("lets a contributor upload and describe, but not delete", async (t) => {
      const { testApp, upload } = await setup(t, dialect);
      const contributor = await signInAs(testApp, "contributor");
      const file = { name: "b.png", type: "image/png", data: await png(700, 350) };
      assert.equal((await upload(contributor, file)).statusCode, 303);
      const [item] = await storedMedia(testApp);
      assert.ok(item);
      const page = await contributor.request({ method: "GET", url: "/admin/media/" });
      assert.doesNotMatch(page.body, /\/delete"/);

      const alt = await contributor.request({
        method: "POST",
        url: `/admin/media/${item.id}/alt`,
        form: { _csrf: contributor.csrf, alt: "A red boat" },
      });
      assert.equal(alt.statusCode, 303);
      assert.equal((await storedMedia(testApp))[0]?.alt, "A red boat");

      const denied = await contributor.request({
        method: "POST",
        url: `/admin/media/${item.id}/delete`,
        form: { _csrf: contributor.csrf },
      });
      assert.equal(denied.statusCode, 403);
      assert.equal(mediaFiles(testApp).length, 4);
    });

    it("refuses to delete an image an article uses (409), and deletes an unused one", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      await upload(editor, { name: "used.png", type: "image/png", data: await png(800, 400) });
      await upload(editor, { name: "unused.png", type: "image/png", data: await png(800, 400) });
      const items = await storedMedia(testApp);
      const used = items.find((item) => item.originalName === "used.png");
      const unused = items.find((item) => item.originalName === "unused.png");
      assert.ok(used && unused);
      await makeArticle(testApp.storage.db, testApp.now(), {
        image: { url: used.url, alt: "", caption: "", credit: "", width: used.width, height: used.height },
      });

      const refused = await editor.request({
        method: "POST",
        url: `/admin/media/${used.id}/delete`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /1 article uses this image/);
      assert.ok(existsSync(join(testApp.mediaDir, `${used.fileKey}-640.webp`)));

      const deleted = await editor.request({
        method: "POST",
        url: `/admin/media/${unused.id}/delete`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, "/admin/media/?notice=deleted");
      assert.deepEqual(
        (await storedMedia(testApp)).map((i) => i.id),
        [used.id],
      );
      assert.equal(mediaFiles(testApp).length, 4);
      assert.ok(!existsSync(join(testApp.mediaDir, `${unused.fileKey}-640.webp`)));

      const gone = await editor.request({
        method: "POST",
        url: `/admin/media/${unused.id}/delete`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(gone.statusCode, 404);
    });

    it("searches the library by name and alt text, and offers a JSON list to the editor", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      await upload(
        editor,
        { name: "Lighthouse.png", type: "image/png", data: await png(320, 160) },
        "Beam at night",
      );
      await upload(
        editor,
        { name: "ferry.png", type: "image/png", data: await png(330, 165) },
        "Morning crossing",
      );

      const byName = await editor.request({ method: "GET", url: "/admin/media/?q=LIGHTHOUSE" });
      assert.match(byName.body, /Lighthouse\.png/);
      assert.doesNotMatch(byName.body, /ferry\.png/);
      const byAlt = await editor.request({ method: "GET", url: "/admin/media/?q=crossing" });
      assert.match(byAlt.body, /ferry\.png/);
      assert.doesNotMatch(byAlt.body, /Lighthouse\.png/);
      const none = await editor.request({ method: "GET", url: "/admin/media/?q=zeppelin" });
      assert.match(none.body, /No images match/);

      const json = await editor.request({ method: "GET", url: "/admin/media.json?q=beam" });
      assert.equal(json.statusCode, 200);
      const [lighthouse] = await storedMedia(testApp, "beam");
      assert.deepEqual(json.json(), [
        { id: lighthouse?.id, url: lighthouse?.url, width: 320, height: 160, alt: "Beam at night" },
      ]);
      assert.equal((await editor.request({ method: "GET", url: "/admin/media.json" })).json().length, 2);
      // The picker's JSON takes its page number strictly: written in hex, twice, or empty is an error.
      for (const page of ["0x1", "1e0", "1&page=1", ""])
        assert.equal(
          (await editor.request({ method: "GET", url: `/admin/media.json?page=${page}` })).statusCode,
          400,
          page,
        );
      assert.equal(
        (await editor.request({ method: "GET", url: "/admin/media.json?page=1" })).json().length,
        2,
      );
      assert.equal((await editor.request({ method: "GET", url: "/admin/media/?page=0" })).statusCode, 400);
    });

    it("shows a library image on the public article page as a responsive <picture> with the served copy's size", async (t) => {
      const { testApp, editor, upload } = await setup(t, dialect);
      await upload(editor, { name: "harbour.png", type: "image/png", data: await png(1000, 500) }, "Harbour");
      const [item] = await storedMedia(testApp);
      assert.ok(item);
      // Stored with the original's size (1000 × 500), as articles saved before #20 were: the URL names
      // the 960-px copy, and that is the size the page states.
      const figure = { src: item.url, alt: "On the quay", caption: "", credit: "", width: 1000, height: 500 };
      const article = await makeArticle(testApp.storage.db, testApp.now(), {
        image: {
          url: item.url,
          alt: "The harbour",
          caption: "",
          credit: "",
          width: item.width,
          height: item.height,
        },
        body: { type: "doc", content: [{ type: "figure", attrs: figure }] },
      });
      const page = await testApp.app.inject({ url: `/${article.slug}/` });
      assert.equal(page.statusCode, 200);
      const webp = [320, 640, 960].map((w) => `/media/${item.fileKey}-${w}.webp ${w}w`).join(", ");
      const jpeg = [320, 640, 960].map((w) => `/media/${item.fileKey}-${w}.jpg ${w}w`).join(", ");
      assert.ok(page.body.includes(`<picture><source type="image/webp" srcset="${webp}"`), page.body);
      assert.ok(page.body.includes(`<img src="${item.url}" srcset="${jpeg}"`));
      // The lead image is fetched first; the body's figure waits until it is near.
      assert.match(
        page.body,
        /<img src="[^"]+" srcset="[^"]+" sizes="[^"]+" alt="The harbour" width="960" height="480" fetchpriority="high" decoding="async"/,
      );
      assert.ok(
        page.body.includes(
          `<figure class="article-figure"><picture><source type="image/webp" srcset="${webp}" sizes="(min-width: 45rem) 42rem, 100vw" /><img src="${item.url}" srcset="${jpeg}" sizes="(min-width: 45rem) 42rem, 100vw" alt="On the quay" loading="lazy" width="960" height="480" /></picture>`,
        ),
        page.body,
      );
      assert.match(page.body, /<meta property="og:image:width" content="960"/);
      assert.match(page.body, /<meta property="og:image:height" content="480"/);
      assert.match(page.body, /"width":960,"height":480/);
      for (const width of [320, 640, 960]) {
        assert.equal(
          (await testApp.app.inject({ url: `/media/${item.fileKey}-${width}.webp` })).statusCode,
          200,
        );
      }
    });
  });
}
