import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
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

/** Pastes plain text into the writing area as a real paste event delivers it. */
async function pastePlain(page: Page, text: string) {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData("text/plain", pasted);
    const target = document.querySelector(".body-editor") as HTMLElement;
    target.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

const savedLately = (page: Page) =>
  page.waitForFunction(() =>
    /Saved \d+ s ago/.test(document.querySelector("#save-status")?.textContent ?? ""),
  );

test("a contributor writes and submits for review, an editor publishes it, the public page shows it", {
  timeout: 120_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t, { demo: false });
  for (const [email, name, role] of [
    ["tove@example.org", "Tove Lind", "contributor"],
    ["ines@example.org", "Ines Berg", "editor"],
  ] as const)
    await createStaffUser(storage.db, { email, name, role, password: TEST_PASSWORD }, Date.now());

  const writer = await openPage(t);
  writer.setDefaultTimeout(15_000);
  const problems = await watchForProblems(writer);
  await signInStaff(writer, baseUrl, "tove@example.org");
  await writer.goto(`${baseUrl}/admin/articles/new`);
  assert.deepEqual(await axeViolations(writer), []);

  await writer.fill("#title", "Night ferry returns");
  await writer.click(".body-editor");
  await writer.keyboard.type("The night ferry to Port Averill sails again from May.");
  await writer.keyboard.press("Enter");
  // An address pasted alone on a line becomes a card; this one is on the server's own loopback, which
  // it refuses to fetch, so the card is a plain one.
  await pastePlain(writer, "http://127.0.0.1:9/timetable");
  await writer.waitForSelector(".body-editor .link-card");
  assert.match(
    (await writer.textContent("#editor-notice")) ?? "",
    /Plain card: 127\.0\.0\.1 is not an address/,
  );
  assert.match((await writer.textContent("#word-count")) ?? "", /^\d+ words · 1 min read$/);
  await writer.waitForURL(/\/admin\/articles\/\d+\/$/);
  await savedLately(writer);

  // Offline for a while: the editor says so and keeps retrying; back online, it saves.
  await writer.context().setOffline(true);
  await writer.click(".body-editor p >> nth=0");
  await writer.keyboard.press("End");
  await writer.keyboard.type(" Tickets go on sale on Monday.");
  await writer.waitForSelector('#save-status:has-text("Offline")');
  await writer.context().setOffline(false);
  await savedLately(writer);

  // Live preview at a phone's and a desktop's width, rendered by the server.
  await writer.waitForSelector('#live-preview:has-text("Tickets go on sale")');
  await writer.click('button[data-preview-width="1024"]');
  assert.equal(await writer.getAttribute('button[data-preview-width="1024"]', "aria-pressed"), "true");
  assert.equal(await writer.$eval("#live-preview", (element) => element.style.maxWidth), "1024px");

  assert.equal(await writer.isDisabled('input[name="status"][value="published"]'), true);
  await writer.click('button[value="submit"]');
  await writer.waitForURL(/notice=submitted/);
  assert.match((await writer.textContent("main")) ?? "", /Waiting for review since/);
  assert.deepEqual(await axeViolations(writer), []);
  const articleUrl = writer.url().replace(/\?.*$/, "");

  const editor = await openPage(t);
  editor.setDefaultTimeout(15_000);
  const editorProblems = await watchForProblems(editor);
  await signInStaff(editor, baseUrl, "ines@example.org");
  await editor.click('section:has(#waiting-for-review) a:text-is("Night ferry returns")');
  await editor.waitForURL(articleUrl);
  await editor.click('button[value="publish"]');
  await editor.waitForURL(/notice=saved/);

  const publicPage = await (await fetch(`${baseUrl}/night-ferry-returns/`)).text();
  assert.match(publicPage, /<h1[^>]*>Night ferry returns<\/h1>/);
  assert.match(publicPage, /sails again from May\. Tickets go on sale on Monday\./);
  assert.match(publicPage, /<aside class="link-card"><a href="http:\/\/127\.0\.0\.1:9\/timetable"/);

  await writer.goto(`${baseUrl}/admin/articles/`);
  assert.equal(await writer.textContent('tr:has-text("Night ferry returns") .status'), "published");
  const offlineNoise = /ERR_INTERNET_DISCONNECTED|Failed to fetch/;
  assert.deepEqual(
    problems.filter((problem) => !offlineNoise.test(problem)),
    [],
  );
  assert.deepEqual(editorProblems, []);
});
