import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import {
  axeViolations,
  openPage,
  requireChromium,
  serveSite,
  signInStaff,
  watchForProblems,
} from "../helpers/browser.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/editor/${name}`, import.meta.url), "utf8");

/** Waits until the writing area has the keyboard again (after a toolbar button or a dialog). */
const editorFocused = (page: Page) =>
  page.waitForFunction(() => document.activeElement?.classList.contains("body-editor") === true);

async function tool(page: Page, label: string) {
  await page.click(`.editor-toolbar button:text-is("${label}")`);
  if (!["Image", "Gallery", "Embed", "Source"].includes(label)) await editorFocused(page);
}

async function confirmDialog(page: Page) {
  await page.click('dialog button[value="ok"]');
  await page.waitForSelector("dialog", { state: "detached" });
  await editorFocused(page);
}

/** Pastes clipboard HTML into the editor the way the browser delivers a real paste event. */
async function pasteHtml(page: Page, html: string) {
  await page.evaluate((clipboardHtml) => {
    const data = new DataTransfer();
    data.setData("text/html", clipboardHtml);
    data.setData("text/plain", "fallback");
    const target = document.querySelector(".body-editor") as HTMLElement;
    target.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, html);
}

/** Drops an image file onto the editor, as dragging it from the desktop does. */
async function dropImage(page: Page, bytes: Buffer, name: string) {
  await page.evaluate(
    ({ base64, fileName }) => {
      const binary = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([binary], fileName, { type: "image/jpeg" }));
      const target = document.querySelector(".body-editor") as HTMLElement;
      const box = target.getBoundingClientRect();
      target.dispatchEvent(
        new DragEvent("drop", {
          dataTransfer: data,
          clientX: box.left + 10,
          clientY: box.bottom - 10,
          bubbles: true,
          cancelable: true,
        }),
      );
    },
    { base64: bytes.toString("base64"), fileName: name },
  );
}

test("an editor writes an article with every block, pastes from Google Docs and Word, drops an image, autosaves, reopens and publishes", {
  timeout: 120_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t, { demo: false });
  await createStaffUser(
    storage.db,
    { email: "maren@example.org", name: "Maren Holt", role: "editor", password: TEST_PASSWORD },
    Date.now(),
  );
  const page = await openPage(t);
  page.setDefaultTimeout(15_000);
  const problems = await watchForProblems(page);
  await signInStaff(page, baseUrl, "maren@example.org");
  const photo = (color: string) =>
    sharp({ create: { width: 1200, height: 800, channels: 3, background: color } })
      .jpeg()
      .toBuffer();

  await page.goto(`${baseUrl}/admin/articles/new`);
  // Nothing inaccessible on the editor page (axe-core, WCAG rules it knows).
  assert.deepEqual(await axeViolations(page), []);
  await page.fill("#title", "Harbour plan");
  await page.click(".body-editor");
  await page.keyboard.type("Opening paragraph about #Port_Averill ");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("in bold");
  await page.keyboard.press("Control+b");
  await page.keyboard.press("Enter");
  await tool(page, "Heading 2");
  await page.keyboard.type("What changes");
  await page.keyboard.press("Enter");
  await page.keyboard.type("A linked word");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Control+k");
  await page.waitForSelector('dialog input[name="href"]');
  await page.fill('dialog input[name="href"]', "https://harbour.example/plan");
  await confirmDialog(page);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await tool(page, "Quote");
  await page.keyboard.type("A quoted line");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await tool(page, "Bulleted list");
  await page.keyboard.type("First point");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await tool(page, "Pull quote");
  await page.keyboard.type("The biggest change in a century");
  await tool(page, "Rule");

  // A figure through the picker's upload field (with progress), then a gallery from the library.
  await tool(page, "Image");
  await page.setInputFiles('dialog input[type="file"]', {
    name: "ferry.jpg",
    mimeType: "image/jpeg",
    buffer: await photo("#2a6f97"),
  });
  await page.waitForSelector(".editor-figure img");
  await page.fill('.editor-figure input[data-attr="alt"]', "The new ferry");
  await page.fill('.editor-figure input[data-attr="caption"]', "The first electric ferry");
  await page.press('.editor-figure input[data-attr="caption"]', "Tab");
  await tool(page, "Gallery");
  await page.click("dialog .media-picker button >> nth=0");
  await confirmDialog(page);
  await tool(page, "Embed");
  await page.fill('dialog input[name="url"]', "https://bsky.app/profile/ledger/post/1");
  await page.fill('dialog input[name="title"]', "Our post");
  await confirmDialog(page);
  await tool(page, "Source");
  await page.selectOption('dialog select[name="kind"]', "quoted");
  await page.fill('dialog input[name="outlet"]', "Calder Post");
  await page.fill('dialog input[name="url"]', "https://calder.example/");
  await confirmDialog(page);

  // Pastes: Google Docs and Word fragments keep their structure and lose their junk.
  await page.click(".body-editor");
  await page.keyboard.press("Control+End");
  await pasteHtml(page, fixture("google-docs.html"));
  await page.waitForSelector('.body-editor strong:text-is("roughly doubled")');
  await page.keyboard.press("Control+End");
  await pasteHtml(page, fixture("word.html"));
  await page.waitForSelector('.body-editor li:has-text("Two more in 2030")');
  assert.doesNotMatch(await page.inputValue("#body-json"), /mso-|docs-internal|font-|style|<span/i);

  // A dropped image uploads into the library and lands as a figure with its size.
  await dropImage(page, await photo("#884422"), "dropped.jpg");
  await page
    .waitForFunction(() => document.querySelectorAll(".editor-figure").length === 2)
    .catch(async (error) =>
      assert.fail(
        `${error}: ${await page.textContent("#save-status")} ${problems.join("; ")} ${await page.evaluate(() => document.querySelectorAll(".editor-figure").length)} ${await page.inputValue("#body-json")}`,
      ),
    );

  // Autosave: a new article becomes a draft at its own address, and the status says when it saved.
  await page.waitForURL(/\/admin\/articles\/\d+\/$/);
  await page.waitForSelector('#save-status:has-text("Saved")');
  assert.match((await page.textContent("#word-count")) ?? "", /\d+ words · \d+ min read/);
  await page.fill("#title", "Harbour plan, final");
  assert.equal(await page.textContent("#save-status"), "Unsaved changes");
  await page
    .waitForFunction(() => /Saved \d+ s ago/.test(document.querySelector("#save-status")?.textContent ?? ""))
    .catch(async (error) => assert.fail(`${error}: ${await page.textContent("#save-status")}`));
  const articleUrl = page.url();

  // Close the tab straight after typing: the page sends what is unsaved as it goes.
  await page.click('.body-editor li:has-text("Larger ferries")');
  await page.keyboard.press("End");
  await page.keyboard.type(". Typed just before closing.");
  await page.close({ runBeforeUnload: true });
  const reopened = await openPage(t);
  reopened.setDefaultTimeout(15_000);
  await signInStaff(reopened, baseUrl, "maren@example.org");
  await reopened.goto(articleUrl);
  assert.equal(await reopened.inputValue("#title"), "Harbour plan, final");
  await reopened.waitForSelector('.body-editor li:has-text("Two more in 2030")');
  await reopened.waitForSelector('.body-editor li:has-text("Larger ferries. Typed just before closing.")');
  assert.match((await reopened.textContent("main")) ?? "", /Restored your autosaved changes/);
  assert.equal(await reopened.locator(".editor-figure").count(), 2);

  await reopened.check('input[name="status"][value="published"]');
  await reopened.click('button[name="action"][value="save"]');
  await reopened.waitForURL(/\?notice=saved/);
  const publicPage = await (await fetch(`${baseUrl}/harbour-plan/`)).text();
  assert.match(publicPage, /<a class="hashtag" href="\/tag\/port-averill\/" rel="tag">#Port_Averill<\/a>/);
  assert.match(publicPage, /<strong>in bold<\/strong>/);
  assert.match(publicPage, /<h2>What changes<\/h2>/);
  assert.match(publicPage, /<a href="https:\/\/harbour.example\/plan" rel="noopener">A linked word<\/a>/);
  assert.match(publicPage, /<aside class="pull-quote"><p>The biggest change in a century<\/p><\/aside>/);
  assert.match(
    publicPage,
    /<figure class="article-figure"><picture><source type="image\/webp" [^>]+\/><img src="\/media\/[^"]+" srcset="[^"]+" sizes="[^"]+" alt="The new ferry" loading="lazy" width="960" height="640" \/><\/picture><figcaption>The first electric ferry<\/figcaption>/,
  );
  assert.match(publicPage, /class="article-gallery"/);
  assert.match(
    publicPage,
    /<aside class="link-card"><a href="https:\/\/bsky.app\/profile\/ledger\/post\/1" rel="nofollow noopener"/,
  );
  assert.match(publicPage, /<p class="source-attribution">Quoted by <a href="https:\/\/calder.example\/"/);
  assert.match(publicPage, /<li>Two more in 2030<\/li>/);
  assert.doesNotMatch(publicPage, /mso-|docs-internal-guid|<script>window/);
  assert.deepEqual(problems, []);
});
