import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { importWordpress } from "../../src/features/import/wordpress.import.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";

const FIXTURE = join(import.meta.dirname, "../fixtures/wordpress/harbour.wxr");

test("an imported article shows its figure, comments and Snax votes, and its old permalink lands on it", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const dir = await mkdtemp(join(tmpdir(), "masthead-wp-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const uploadsDir = join(dir, "uploads");
  const mediaDir = join(dir, "media");
  await mkdir(join(uploadsDir, "2019/05"), { recursive: true });
  const jpeg = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#246" } })
    .jpeg()
    .toBuffer();
  await writeFile(join(uploadsDir, "2019/05/boat.jpg"), jpeg);
  const { baseUrl, storage } = await serveSite(t, { demo: false, env: { MEDIA_DIR: mediaDir } });
  await importWordpress(storage.db, {
    file: FIXTURE,
    dryRun: false,
    now: Date.now(),
    uploads: { uploadsDir, media: localMediaStore(mediaDir) },
  });

  const page = await openPage(t);
  const problems = await watchForProblems(page);
  await page.goto(`${baseUrl}/2019/05/03/fire-on-the-quay/`);
  assert.equal(new URL(page.url()).pathname, "/fire-on-the-quay/");
  await page.goto(`${baseUrl}/?p=41`);
  assert.equal(new URL(page.url()).pathname, "/fire-on-the-quay/");

  assert.equal(await page.textContent("h1"), "Fire on the quay");
  const figure = page.locator(".article-body figure");
  assert.equal((await figure.locator("figcaption").textContent())?.trim(), "Crews worked until noon");
  const loaded = await figure
    .locator("img")
    .evaluate((image: HTMLImageElement) => image.decode().then(() => image.naturalWidth));
  assert.ok(loaded > 0, "the figure's image comes from the media library");

  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "41 points");
  assert.equal(await page.textContent('[data-field="total"]'), "45");
  assert.equal(await page.textContent('[data-field="upPercent"]'), "95.555556%");
  await page.click(".vote-up");
  await page.waitForFunction(
    () => document.querySelector('[data-field="pointsLabel"]')?.textContent === "42 points",
  );

  const comments = page.locator("#comments");
  await comments.getByText("Terrible news.").waitFor();
  await comments.getByText("Everyone is safe, thankfully.").waitFor();
  assert.equal(await comments.getByText("Buy now").count(), 0);
  assert.deepEqual(problems, []);
});
