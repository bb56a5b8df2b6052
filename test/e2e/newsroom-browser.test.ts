import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { epochToZonedLocal } from "../../src/core/time.js";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

test("an editor signs in, uploads an image, schedules one article and publishes another", {
  timeout: 90_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  // The site's clock runs with real time plus an offset the test can move forward.
  let offset = 0;
  const clock = () => Date.now() + offset;
  const { baseUrl, storage } = await serveSite(t, { demo: false, clock });
  const email = "erin@example.org";
  await createStaffUser(
    storage.db,
    { email, name: "Erin Editor", role: "editor", password: TEST_PASSWORD },
    clock(),
  );
  const page = await openPage(t);
  page.setDefaultTimeout(15_000);
  const problems = await watchForProblems(page);

  await page.goto(`${baseUrl}/admin/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${baseUrl}/admin/`);

  const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#2a6f97" } })
    .jpeg()
    .toBuffer();
  await page.goto(`${baseUrl}/admin/media/`);
  await page.setInputFiles('input[type="file"]', {
    name: "harbour.jpg",
    mimeType: "image/jpeg",
    buffer: photo,
  });
  await page.fill('form[enctype="multipart/form-data"] input[name="alt"]', "The harbour at dawn");
  await page.click('form[enctype="multipart/form-data"] button[type="submit"]');
  await page.waitForURL(/\/admin\/media\/\?notice=uploaded/);
  const imageUrl = await page.inputValue(".media-grid figure input[readonly]");
  assert.match(imageUrl, /^\/media\/\d{4}\/\d{2}\/[\w-]+-\d+\.jpg$/);

  const write = async (title: string, status: "scheduled" | "published", publishAt = "") => {
    await page.goto(`${baseUrl}/admin/articles/new`);
    await page.fill("#title", title);
    await page.fill('textarea[name="standfirst"]', `${title}: the short version.`);
    await page.click(".body-editor");
    await page.keyboard.type(`First paragraph about ${title}. #Harbour_News`);
    await page.fill('input[name="imageUrl"]', imageUrl);
    await page.fill('input[name="imageAlt"]', "The harbour at dawn");
    await page.check(`input[name="status"][value="${status}"]`);
    if (publishAt) await page.fill('input[name="publishAt"]', publishAt);
    await page.click('button[name="action"][value="save"]');
    await page.waitForURL(/\/admin\/articles\/\d+\/\?notice=saved/);
  };
  // One minute ahead in the site's time zone (UTC by default), to the minute the form can express.
  const inOneMinute = epochToZonedLocal(clock() + 60_000 + (60_000 - (clock() % 60_000)), "UTC");
  await write("Ferry timetable changes", "scheduled", inOneMinute);
  await write("Harbour wall repaired", "published");

  await page.goto(`${baseUrl}/`);
  assert.equal(await page.locator("h2.card-title", { hasText: "Harbour wall repaired" }).count(), 1);
  assert.equal(await page.locator("h2.card-title", { hasText: "Ferry timetable changes" }).count(), 0);

  offset += 3 * 60_000;
  await page.goto(`${baseUrl}/`);
  assert.equal(await page.locator("h2.card-title", { hasText: "Ferry timetable changes" }).count(), 1);
  await page.click("text=Ferry timetable changes");
  assert.equal(await page.textContent("h1#article-title"), "Ferry timetable changes");
  const srcset = await page.getAttribute("figure.featured-image picture source", "srcset");
  assert.match(srcset ?? "", /\.webp 320w/);
  // The editor typed no size: it came from the media library.
  assert.equal(await page.getAttribute("figure.featured-image img", "width"), "1280");
  assert.equal(await page.getAttribute("figure.featured-image img", "height"), "720");
  await page.screenshot({ path: join(tmpdir(), "masthead-newsroom-browser.png"), fullPage: true });
  assert.deepEqual(problems, []);
});
