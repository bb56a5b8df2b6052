import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import { updateSiteSettings } from "../../src/features/settings/settings.js";
import type { Storage } from "../../src/storage/storage.js";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";
import { seedComment } from "../helpers/comments.js";
import { makeArticle } from "../helpers/factories.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

/** The site's clock runs with real time plus an offset, so "a person took a few seconds to type" takes none. */
function movableClock() {
  let offset = 0;
  return {
    clock: () => Date.now() + offset,
    wait: (ms: number) => {
      offset += ms;
    },
  };
}

async function signInEditor(page: Page, baseUrl: string, storage: Storage, now: number) {
  const email = `editor${now}@example.org`;
  await createStaffUser(
    storage.db,
    { email, name: "Edda Editor", role: "editor", password: TEST_PASSWORD },
    now,
  );
  await page.goto(`${baseUrl}/admin/signin`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${baseUrl}/admin/`);
}

test("a reader comments, replies inline, sees 'awaiting moderation'; an editor approves; the reader sees it published", {
  timeout: 90_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const time = movableClock();
  const { baseUrl, storage } = await serveSite(t, { demo: false, clock: time.clock });
  const article = await makeArticle(storage.db, time.clock(), { title: "Harbour plans" });
  const zoe = await seedComment(storage.db, {
    articleId: article.id,
    now: time.clock(),
    name: "Zoe",
    text: "Who pays?",
  });

  const reader = await openPage(t);
  const problems = await watchForProblems(reader);
  await reader.goto(`${baseUrl}/harbour-plans/`);
  assert.equal(await reader.textContent(".comment-count a"), "1 comment");
  await reader.evaluate(() => {
    (window as unknown as { marker: number }).marker = 42;
  });
  await reader.fill('#respond input[name="name"]', "Rita Reader");
  await reader.fill('#respond input[name="email"]', "rita@example.org");
  await reader.fill('#respond textarea[name="body"]', "Good plan.\nBut expensive.");
  time.wait(5_000);
  await reader.click("#respond button[type=submit]");
  const mine = reader.locator(".comment-pending", { hasText: "But expensive" });
  await mine.waitFor();
  assert.match((await mine.textContent()) ?? "", /awaiting moderation/);
  assert.equal(await mine.locator(".comment-text").innerHTML(), "<p>Good plan.<br>But expensive.</p>");

  // Edit in place, within the ten minutes.
  await mine.locator(".comment-edit-link").click();
  await mine
    .locator(".comment-edit-form textarea")
    .fill("Good plan.\nBut expensive, see https://example.org/costs");
  await mine.locator(".comment-edit-form button[type=submit]").click();
  await mine.locator(".comment-text a").waitFor();
  assert.equal(
    await mine.locator(".comment-text").innerHTML(),
    '<p>Good plan.<br>But expensive, see <a href="https://example.org/costs" rel="nofollow ugc noopener">https://example.org/costs</a></p>',
  );

  // Reply inline: the form moves under Zoe's comment and the reply appears there.
  await reader.click(`#comment-${zoe.id} .comment-reply-link`);
  assert.equal(
    await reader.locator(`#comment-${zoe.id} #respond`).count(),
    1,
    "the form opened under the comment",
  );
  assert.equal(await reader.textContent("#respond .comment-form-title"), "Reply to Zoe");
  await reader.fill('#respond textarea[name="body"]', "The port authority pays.");
  time.wait(5_000);
  await reader.click("#respond button[type=submit]");
  const reply = reader.locator(`#comment-${zoe.id} .comment-replies .comment-pending`, {
    hasText: "port authority",
  });
  await reply.waitFor();
  assert.match((await reply.textContent()) ?? "", /awaiting moderation/);
  assert.equal(
    await reader.evaluate(() => (window as unknown as { marker?: number }).marker),
    42,
    "no reload",
  );

  // Nobody else sees the held comments.
  const stranger = await openPage(t);
  await stranger.goto(`${baseUrl}/harbour-plans/`);
  assert.equal(await stranger.locator("text=But expensive.").count(), 0);

  const editor = await openPage(t);
  await signInEditor(editor, baseUrl, storage, time.clock());
  await editor.goto(`${baseUrl}/admin/comments/`);
  const rows = editor.locator("table.comment-queue tbody tr");
  assert.equal(await rows.count(), 2);
  for (const box of await editor.locator('input[name="id"]').all()) await box.check();
  await editor.click('.bulk-actions button[value="approve"]');
  await editor.waitForURL(/notice=saved/);
  assert.match((await editor.textContent("main")) ?? "", /Nothing here/);

  await reader.reload();
  assert.equal(await reader.textContent(".comment-count a"), "3 comments");
  assert.equal(await reader.locator(".comment-pending").count(), 0);
  const published = reader.locator(".comment-list > .comment", { hasText: "But expensive, see" });
  assert.equal(await published.count(), 1);
  assert.equal(
    await reader
      .locator(`#comment-${zoe.id} .comment-replies .comment`, { hasText: "port authority" })
      .count(),
    1,
  );
  assert.deepEqual(problems, []);
});

const VECTORS = [
  "<script>window.__xss = 1</script>",
  '<img src=x onerror="window.__xss = 2">',
  '"><svg onload="window.__xss = 3">',
  "javascript:window.__xss = 4",
  '<a href="javascript:window.__xss = 5">click</a>',
  "' onmouseover='window.__xss = 6' x='",
  'https://example.org/"onmouseover="window.__xss=7"',
  '<iframe srcdoc="<script>parent.__xss = 8</script>"></iframe>',
  "</textarea><script>window.__xss = 9</script>",
  "&lt;b&gt;entity&lt;/b&gt; &amp; <!-- comment -->",
];

/** Fails if anything in the page ran script or carries an injected element or attribute. */
async function assertInert(page: Page, where: string) {
  assert.equal(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    undefined,
    `${where}: a script ran`,
  );
  const injected = await page.evaluate(() =>
    [...document.querySelectorAll(".comment-text *, .comment-author *, td *")]
      .filter(
        (element) =>
          !["P", "BR", "A", "SMALL", "DIV", "BUTTON", "INPUT"].includes(element.tagName) ||
          [...element.attributes].some(
            (attribute) => attribute.name.startsWith("on") || /javascript:/i.test(attribute.value),
          ),
      )
      .map((element) => element.outerHTML),
  );
  assert.deepEqual(injected, [], `${where}: injected markup`);
}

test("hostile names, e-mails and comments are stored as typed and shown inert, to readers and moderators", {
  timeout: 90_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const time = movableClock();
  const { baseUrl, storage } = await serveSite(t, { demo: false, clock: time.clock });
  await updateSiteSettings(storage.db, { commentPolicy: "hold-all" });
  await makeArticle(storage.db, time.clock(), { title: "Hostile" });

  for (const [index, vector] of VECTORS.entries()) {
    const page = await fetch(`${baseUrl}/hostile/`);
    const stamp = /name="stamp" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    time.wait(5_000);
    const response = await fetch(`${baseUrl}/hostile/comments`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        stamp,
        website: "",
        name: vector.slice(0, 80),
        email: `"><img/src=x/onerror=window.__xss=${index}>@example.org`,
        body: vector,
      }),
    });
    assert.equal(response.status, 303, `vector ${index} was accepted`);
  }
  const stored = await storage.db
    .selectFrom("comments")
    .select(["author_name", "author_email", "body"])
    .orderBy("id")
    .execute();
  assert.deepEqual(
    stored.map((row) => row.body),
    VECTORS,
    "stored exactly as typed",
  );
  assert.deepEqual(
    stored.map((row) => row.author_name),
    VECTORS.map((vector) => vector.slice(0, 80).trim()),
  );

  const editor = await openPage(t);
  const editorProblems = await watchForProblems(editor);
  await signInEditor(editor, baseUrl, storage, time.clock());
  await editor.goto(`${baseUrl}/admin/comments/`);
  assert.equal(await editor.locator("table.comment-queue tbody tr").count(), VECTORS.length);
  await editor.hover("table.comment-queue");
  await assertInert(editor, "moderation queue");
  for (const box of await editor.locator('input[name="id"]').all()) await box.check();
  await editor.click('.bulk-actions button[value="approve"]');
  await editor.waitForURL(/notice=saved/);

  const reader = await openPage(t);
  const problems = await watchForProblems(reader);
  await reader.goto(`${baseUrl}/hostile/`);
  for (const element of await reader.locator(".comment-text, .comment-author").all()) await element.hover();
  await assertInert(reader, "article");
  const texts = await reader.locator(".comment-list > .comment .comment-text").allTextContents();
  assert.deepEqual(texts, VECTORS, "each comment reads exactly as typed");
  assert.deepEqual(problems, []);
  assert.deepEqual(editorProblems, []);
});

test("without JavaScript the form posts and comes back to the new comment, and Reply opens a page of its own", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const time = movableClock();
  const { baseUrl, storage } = await serveSite(t, { demo: false, clock: time.clock });
  await updateSiteSettings(storage.db, { commentPolicy: "publish" });
  const article = await makeArticle(storage.db, time.clock(), { title: "Plain forms" });
  const first = await seedComment(storage.db, {
    articleId: article.id,
    now: time.clock(),
    name: "Ola",
    text: "First.",
  });
  const page = await openPage(t, { javaScript: false });
  await page.goto(`${baseUrl}/plain-forms/`);
  await page.fill('#respond input[name="name"]', "Noah");
  await page.fill('#respond input[name="email"]', "noah@example.org");
  await page.fill('#respond textarea[name="body"]', "No script here.");
  time.wait(5_000);
  await page.click("#respond button[type=submit]");
  await page.waitForURL(/\/plain-forms\/#comment-\d+$/);
  const id = /#comment-(\d+)$/.exec(page.url())?.[1];
  assert.match((await page.textContent(`#comment-${id} .comment-text`)) ?? "", /No script here\./);

  await page.click(`#comment-${first.id} .comment-reply-link`);
  await page.waitForURL(`${baseUrl}/comments/${first.id}/reply`);
  await page.fill('#respond textarea[name="body"]', "A reply without script.");
  await page.fill('#respond input[name="name"]', "Noah");
  await page.fill('#respond input[name="email"]', "noah@example.org");
  time.wait(5_000);
  await page.click("#respond button[type=submit]");
  await page.waitForURL(/\/plain-forms\/#comment-\d+$/);
  assert.equal(
    await page
      .locator(`#comment-${first.id} .comment-replies .comment`, { hasText: "A reply without script." })
      .count(),
    1,
  );
});
