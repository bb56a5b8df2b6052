import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { COMMENTER_COOKIE } from "../../src/features/comments/article-comments.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { buildTestApp } from "../helpers/app.js";
import { seedComment } from "../helpers/comments.js";
import { makeArticle } from "../helpers/factories.js";

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Headlines and standfirsts are long prose; wrapping them for a linter would change nothing a reader sees.
    "long-title": "off",
    // A self-closed void element (`<meta … />`) is valid HTML5 either way; our runtime writes `<meta …>`.
    "void-style": "off",
  },
});

describe("public pages are valid HTML5", () => {
  it("validates the home, article, section and error pages of the demo site", async (t) => {
    const testApp = await buildTestApp(t);
    await seedDemoContent(testApp.storage.db, {
      media: localMediaStore(testApp.mediaDir),
      now: testApp.now(),
    });
    const home = await testApp.app.inject("/");
    const firstArticle = /<h2 class="card-title"><a href="(\/[a-z0-9-]+\/)">/.exec(home.body)?.[1];
    assert.ok(firstArticle);
    const pages = [
      "/",
      "/?page=2",
      firstArticle,
      "/category/politics/",
      "/about/",
      "/tag/river-vale/",
      "/no-such-page/",
      "/?page=x",
      "/search",
      "/search?q=river+vale",
      "/search?q=%22%22",
      "/search?q=river&tag=nope",
      "/donate/",
      "/donate/thanks/",
      "/supporters/",
    ];
    for (const path of pages) await assertValid((await testApp.app.inject(path)).body, path);
  });

  it("validates an article with comments, the comment pages and the reader account page", async (t) => {
    const testApp = await buildTestApp(t);
    const { db } = testApp.storage;
    const article = await makeArticle(db, testApp.now(), { title: "Discussed" });
    const at = { articleId: article.id, now: testApp.now() };
    const top = await seedComment(db, { ...at, text: "Top <b>level</b>\n\nsee https://example.org" });
    let parent = top.id;
    for (let depth = 0; depth < 5; depth++) parent = (await seedComment(db, { ...at, parentId: parent })).id;
    const guest = "AAAAAAAAAAAAAAAAAAAAAA";
    await seedComment(db, { ...at, key: `guest:${guest}`, policy: "hold-all", text: "Mine, held" });
    const cookies = { [COMMENTER_COOKIE]: testApp.app.signCookie(guest) };
    const withCookie = await testApp.app.inject({ url: "/discussed/", cookies });
    assert.match(withCookie.body, /awaiting moderation/);
    await assertValid(withCookie.body, "article with the commenter's own held comment");
    const tooLong = await testApp.app.inject({
      method: "POST",
      url: "/discussed/comments",
      payload: new URLSearchParams({ body: "x".repeat(6000), name: "N", email: "n@example.org" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(tooLong.statusCode, 400);
    await assertValid(tooLong.body, "the form sent back with an error");
    for (const path of [
      "/discussed/",
      "/discussed/comments/?order=newest",
      `/comments/${top.id}/reply`,
      `/comments/${top.id}/report`,
      "/account/",
    ]) {
      const response = await testApp.app.inject(path);
      assert.equal(response.statusCode, 200, path);
      await assertValid(response.body, path);
    }
  });
});

async function assertValid(html: string, what: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((result) =>
    result.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`),
  );
  assert.deepEqual(messages, [], `${what} is not valid HTML`);
}
