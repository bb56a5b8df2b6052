import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { openTestStorage, type TestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { AppError } from "../../core/errors.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import type { Db } from "../../storage/storage.js";
import { createStaffUser } from "../accounts/user.service.js";
import { countArticlesUsingImage } from "../articles/article.media-usage.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { updateSiteSettings } from "../settings/settings.js";
import type { MediaItem } from "./media.js";
import { insertMedia } from "./media.repository.js";
import { deleteImage, listMedia, MEDIA_PAGE_SIZE, updateAltText, uploadImage } from "./media.service.js";
import { mediaUrl, parseMediaUrl, srcsetFor, variantWidthsFor } from "./responsive.js";

const NOW = Date.UTC(2026, 10, 25, 12);

const png = (width: number, height: number, alpha = 1) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 80, b: 40, alpha } } })
    .png()
    .toBuffer();

/** A valid PNG whose header claims `side` × `side` pixels: a decompression bomb as far as the header goes. */
async function pngClaiming(side: number): Promise<Buffer> {
  const file = Buffer.from(await png(1, 1));
  // The IHDR chunk: its data starts at byte 16 (width, height), its CRC covers bytes 12–28.
  file.writeUInt32BE(side, 16);
  file.writeUInt32BE(side, 20);
  file.writeUInt32BE(crc32(file.subarray(12, 29)), 29);
  return file;
}

const rejectsWith = (status: number, pattern: RegExp) => (error: unknown) =>
  error instanceof AppError && error.status === status && pattern.test(error.message);

const NOT_ACCEPTED = /Not an image we accept \(JPEG, PNG, WebP, GIF\)/;

describe("responsive helpers", () => {
  it("makes the standard widths that need no enlarging, or the image's own width", () => {
    assert.deepEqual(variantWidthsFor(4000), [320, 640, 960, 1280, 1920]);
    assert.deepEqual(variantWidthsFor(1000), [320, 640, 960]);
    assert.deepEqual(variantWidthsFor(320), [320]);
    assert.deepEqual(variantWidthsFor(200), [200]);
  });

  it("parses the URLs of library copies and nothing else", () => {
    assert.deepEqual(parseMediaUrl("/media/2026/11/a_B-c9-1280.jpg"), {
      fileKey: "2026/11/a_B-c9",
      width: 1280,
      ext: "jpg",
    });
    assert.equal(parseMediaUrl("/media/demo/harbour-1280.jpg"), null);
    assert.equal(parseMediaUrl("/media/2026/11/abc.jpg"), null);
    assert.equal(parseMediaUrl("/media/2026/11/abc-640.gif"), null);
    assert.equal(parseMediaUrl("https://elsewhere.example/media/2026/11/abc-640.jpg"), null);
  });

  it("lists every copy in a srcset", () => {
    assert.equal(
      srcsetFor("2026/11/k", [320, 640], "webp"),
      "/media/2026/11/k-320.webp 320w, /media/2026/11/k-640.webp 640w",
    );
  });
});

for (const dialect of testDialects()) {
  describe(`media service on ${dialect}`, () => {
    let test: TestStorage;
    let db: Db;
    let mediaDir: string;
    let uploader: number;
    before(async () => {
      test = await openTestStorage(dialect);
      db = test.storage.db;
      mediaDir = mkdtempSync(join(tmpdir(), "masthead-media-test-"));
      const user = await createStaffUser(
        db,
        { email: "uploader@example.org", name: "Uploader", role: "author", password: "long enough password" },
        NOW,
      );
      uploader = user.id;
    });
    after(async () => {
      await test.dispose();
      rmSync(mediaDir, { recursive: true, force: true });
    });

    const upload = (data: Buffer, originalName = "photo.png", alt = "") =>
      uploadImage(db, localMediaStore(mediaDir), { data, originalName, alt }, uploader, NOW);
    const filesOnDisk = () =>
      readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const copyPath = (item: MediaItem, width: number, ext: string) =>
      join(mediaDir, `${item.fileKey}-${width}.${ext}`);

    it("stores WebP and JPEG copies at every width that fits, and the row", async () => {
      const data = await png(2000, 1000);
      const item = await upload(data, "C:\\fakepath\\Harbour at dusk.png", "  The harbour  ");
      assert.match(item.fileKey, /^2026\/11\/[A-Za-z0-9_-]{16}$/);
      assert.deepEqual(item.variantWidths, [320, 640, 960, 1280, 1920]);
      assert.equal(item.originalName, "Harbour at dusk.png");
      assert.equal(item.alt, "The harbour");
      assert.equal(item.contentType, "image/jpeg");
      assert.equal(item.bytes, data.length);
      assert.deepEqual([item.width, item.height], [2000, 1000]);
      assert.equal(item.url, `/media/${item.fileKey}-1920.jpg`);
      for (const width of item.variantWidths) {
        const webp = await sharp(copyPath(item, width, "webp")).metadata();
        const jpeg = await sharp(copyPath(item, width, "jpg")).metadata();
        assert.deepEqual([webp.format, webp.width, webp.height], ["webp", width, width / 2]);
        assert.deepEqual([jpeg.format, jpeg.width, jpeg.height], ["jpeg", width, width / 2]);
      }
    });

    it("keeps transparency in PNG copies", async () => {
      const item = await upload(await png(700, 300, 0.5));
      assert.equal(item.contentType, "image/png");
      assert.equal((await sharp(copyPath(item, 640, "png")).metadata()).hasAlpha, true);
    });

    it("makes one copy at the original width when the image is narrower than 320", async () => {
      const item = await upload(await png(200, 100));
      assert.deepEqual(item.variantWidths, [200]);
      assert.equal((await sharp(copyPath(item, 200, "webp")).metadata()).width, 200);
    });

    it("turns photos upright by their EXIF orientation and strips their metadata", async () => {
      const sideways = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#345" } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const item = await upload(sideways, "phone.jpg");
      assert.deepEqual([item.width, item.height], [200, 400]);
      const copy = await sharp(copyPath(item, 200, "jpg")).metadata();
      assert.deepEqual(
        [copy.width, copy.height, copy.exif, copy.orientation],
        [200, 400, undefined, undefined],
      );
    });

    it("accepts GIF, WebP and AVIF by their contents", async () => {
      const base = sharp({ create: { width: 400, height: 300, channels: 3, background: "#7a4" } });
      for (const data of [
        await base.clone().gif().toBuffer(),
        await base.clone().webp().toBuffer(),
        await base.clone().avif().toBuffer(),
      ]) {
        assert.deepEqual((await upload(data, "no-extension")).variantWidths, [320]);
      }
    });

    it("refuses what is not an image we accept, storing nothing", async () => {
      const filesBefore = filesOnDisk().length;
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      );
      for (const data of [
        Buffer.from("<!DOCTYPE html><html><body>not a picture</body></html>"),
        Buffer.alloc(0),
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
        svg,
        await sharp({ create: { width: 20, height: 20, channels: 3, background: "#000" } })
          .tiff()
          .toBuffer(),
      ]) {
        await assert.rejects(upload(data), rejectsWith(400, NOT_ACCEPTED));
      }
      assert.equal(filesOnDisk().length, filesBefore);
    });

    it("refuses decompression bombs and damaged files with a 400", async () => {
      await assert.rejects(upload(await pngClaiming(20_000)), rejectsWith(400, /too many pixels/));
      const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#a33" } })
        .jpeg()
        .toBuffer();
      await assert.rejects(upload(jpeg.subarray(0, jpeg.length / 2)), rejectsWith(400, /could not be read/));
    });

    it("removes the files it wrote when the row cannot be stored", async () => {
      const filesBefore = filesOnDisk().length;
      await assert.rejects(
        uploadImage(
          db,
          localMediaStore(mediaDir),
          { data: await png(400, 200), originalName: "x.png", alt: "" },
          999_999,
          NOW,
        ),
      );
      assert.equal(filesOnDisk().length, filesBefore);
    });

    it("refuses alt text over 500 characters", async () => {
      await assert.rejects(
        upload(await png(10, 10), "x.png", "a".repeat(501)),
        rejectsWith(400, /at most 500/),
      );
    });

    it("searches names and alt text without regard to case, with % and _ taken literally", async () => {
      await upload(await png(10, 10), "Mayor_Portrait.PNG", "The mayor at her desk");
      await upload(await png(10, 10), "budget 100%.png", "Chart of spending");
      const names = async (q: string) =>
        (await listMedia(db, { q, page: 1 })).items.map((item) => item.originalName).sort();
      assert.deepEqual(await names("mayor_portrait"), ["Mayor_Portrait.PNG"]);
      assert.deepEqual(await names("AT HER DESK"), ["Mayor_Portrait.PNG"]);
      assert.deepEqual(await names("100%"), ["budget 100%.png"]);
      assert.deepEqual(await names("r_p"), ["Mayor_Portrait.PNG"]);
      assert.deepEqual(await names("o_r"), []);
      assert.deepEqual(await names("%"), ["budget 100%.png"]);
    });

    it("pages newest first, 48 at a time", async () => {
      for (let i = 0; i < MEDIA_PAGE_SIZE + 1; i++) {
        await insertMedia(db, {
          file_key: `2026/11/page${i}`,
          original_name: `paged ${i}.png`,
          content_type: "image/png",
          bytes: 10,
          width: 10,
          height: 10,
          variant_widths: "10",
          uploaded_by: null,
          created_at: NOW + i,
        });
      }
      const first = await listMedia(db, { q: "paged", page: 1 });
      assert.equal(first.items.length, MEDIA_PAGE_SIZE);
      assert.equal(first.hasNext, true);
      assert.equal(first.items[0]?.originalName, `paged ${MEDIA_PAGE_SIZE}.png`);
      const second = await listMedia(db, { q: "paged", page: 2 });
      assert.deepEqual(
        second.items.map((item) => item.originalName),
        ["paged 0.png"],
      );
      assert.equal(second.hasNext, false);
    });

    it("updates alt text, and says so when the image is gone", async () => {
      const item = await upload(await png(10, 10));
      await updateAltText(db, item.id, " Boats ");
      assert.equal((await listMedia(db, { q: "boats", page: 1 })).items[0]?.id, item.id);
      await assert.rejects(updateAltText(db, 999_999, "x"), rejectsWith(404, /not found/));
    });

    it("counts each article once, whichever copies it uses and wherever", async () => {
      const item = await upload(await png(700, 350));
      const jpeg = mediaUrl(item.fileKey, 640, "jpg");
      const webp = mediaUrl(item.fileKey, 320, "webp");
      await makeArticle(db, NOW, {
        image: { url: item.url, alt: "", caption: "", credit: "", width: 700, height: 350 },
        body: markdownToDoc(`![A boat](${jpeg})`),
      });
      await makeArticle(db, NOW, {
        status: "draft",
        publishedAt: null,
        body: markdownToDoc(`See https://x.test${webp}`),
      });
      assert.equal(await countArticlesUsingImage(db, item.url, jpeg, webp), 2);
      assert.equal(await countArticlesUsingImage(db, jpeg.toUpperCase()), 0);
      assert.equal(await countArticlesUsingImage(db), 0);
    });

    it("refuses to delete an image an article uses, and keeps its files", async () => {
      const item = await upload(await png(700, 350));
      await makeArticle(db, NOW, {
        status: "draft",
        publishedAt: null,
        body: markdownToDoc(`![x](${mediaUrl(item.fileKey, 320, "webp")})`),
      });
      await assert.rejects(
        deleteImage(db, localMediaStore(mediaDir), item.id),
        rejectsWith(409, /1 article uses this image/),
      );
      assert.equal(
        readdirSync(join(mediaDir, "2026/11")).filter((f) => f.startsWith(item.fileKey.slice(8))).length,
        4,
      );
    });

    it("refuses to delete the image the site uses as its logo", async () => {
      const item = await upload(await png(400, 100));
      await updateSiteSettings(db, { logoUrl: item.url });
      await assert.rejects(
        deleteImage(db, localMediaStore(mediaDir), item.id),
        rejectsWith(409, /site's logo/),
      );
      await updateSiteSettings(db, { logoUrl: "" });
      await deleteImage(db, localMediaStore(mediaDir), item.id);
    });

    it("deletes an unused image's row and every file", async () => {
      const item = await upload(await png(1000, 500));
      const stem = item.fileKey.slice("2026/11/".length);
      assert.equal(readdirSync(join(mediaDir, "2026/11")).filter((f) => f.startsWith(stem)).length, 6);
      await deleteImage(db, localMediaStore(mediaDir), item.id);
      assert.equal(readdirSync(join(mediaDir, "2026/11")).filter((f) => f.startsWith(stem)).length, 0);
      assert.equal(
        (await listMedia(db, { q: "", page: 1 })).items.some((i) => i.id === item.id),
        false,
      );
      await assert.rejects(
        deleteImage(db, localMediaStore(mediaDir), item.id),
        rejectsWith(404, /not found/),
      );
    });
  });
}
