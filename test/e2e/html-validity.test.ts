import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { buildTestApp } from "../helpers/app.js";

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
    await seedDemoContent(testApp.storage.db, { mediaDir: testApp.mediaDir, now: testApp.now() });
    const home = await testApp.app.inject("/");
    const firstArticle = /<h2 class="card-title"><a href="(\/[a-z0-9-]+\/)">/.exec(home.body)?.[1];
    assert.ok(firstArticle);
    const pages = [
      "/",
      "/?page=2",
      firstArticle,
      "/category/politics/",
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
    for (const path of pages) {
      const response = await testApp.app.inject(path);
      const report = await validator.validateString(response.body);
      const messages = report.results.flatMap((result) =>
        result.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`),
      );
      assert.deepEqual(messages, [], `${path} is not valid HTML`);
    }
  });
});
