import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { newsletterInput } from "../../../test/helpers/newsletters.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { findPublicArticle } from "../articles/article.queries.js";
import type { Mail } from "../mail/mailer.js";
import { articleMailMode } from "./article-mail.js";
import { issueFigures } from "./delivery.repository.js";
import { queuePublishedStories } from "./digest.service.js";
import { findIssue } from "./issue.repository.js";
import { defineNewsletter } from "./newsletter.service.js";
import { activateSubscriptions } from "./subscription.repository.js";

const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`the article editor's e-mail panel (${dialect})`, () => {
    it("per story: publish only is never mailed, publish and e-mail is; preview and a test to oneself", async (t) => {
      const sent: Mail[] = [];
      const testApp = await buildTestApp(t, dialect, {
        mailer: { send: async (mail) => void sent.push(mail) },
      });
      const { db } = testApp.storage;
      const now = testApp.now();
      const newsletterId = await defineNewsletter(db, newsletterInput({ name: "Breaking" }), now - 2 * HOUR);
      await activateSubscriptions(db, [{ newsletterId, email: "ana@example.org" }], "test", now);
      const quiet = await makeArticle(db, now, { title: "Council minutes filed" });
      const loud = await makeArticle(db, now, { title: "Harbour wall repaired" });
      const editor = await signInAs(testApp, "editor");

      const page = await editor.request({ method: "GET", url: `/admin/articles/${quiet.id}/` });
      assert.match(page.body, /<h2 id="article-mail-title">E-mail<\/h2>/);
      assert.match(page.body, /value="site-and-email" checked/, "publish and e-mail by default");
      const chosen = await editor.request({
        method: "POST",
        url: `/admin/newsletters/articles/${quiet.id}/mode`,
        form: { _csrf: editor.csrf, mode: "site" },
      });
      assert.equal(chosen.statusCode, 303);
      assert.equal(chosen.headers.location, `/admin/articles/${quiet.id}/`);
      assert.equal(await articleMailMode(db, quiet.id), "site");
      const bad = await editor.request({
        method: "POST",
        url: `/admin/newsletters/articles/${quiet.id}/mode`,
        form: { _csrf: editor.csrf, mode: "loudly" },
      });
      assert.equal(bad.statusCode, 400);

      const site = { siteUrl: "https://news.example.test", siteTitle: "News", now };
      assert.equal(await queuePublishedStories(testApp.storage, site), 1, "only the story to e-mail");
      assert.match((await findIssue(db, 1))?.subject ?? "", /Harbour wall repaired/);

      const preview = await editor.request({
        method: "GET",
        url: `/admin/newsletters/articles/${loud.id}/preview?newsletter=${newsletterId}`,
      });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.headers["content-security-policy"] as string, /style-src 'unsafe-inline'/);
      assert.doesNotMatch(preview.headers["content-security-policy"] as string, /script-src/);
      assert.match(preview.body, /Harbour wall repaired/);
      assert.match(preview.body, /Read and vote online/);

      const test = await editor.request({
        method: "POST",
        url: `/admin/newsletters/articles/${loud.id}/test`,
        form: { _csrf: editor.csrf, newsletter: String(newsletterId) },
      });
      assert.equal(test.statusCode, 303);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.to, editor.user.email, "to the staff member only");
      assert.equal(sent[0]?.subject, "[Test] Harbour wall repaired");
      assert.match(sent[0]?.html ?? "", /Support us/);
      assert.match(sent[0]?.text ?? "", /Read and vote online/);
      assert.equal((await issueFigures(db, 1)).recipients, 1, "a test is not an issue");

      const author = await signInAs(testApp, "author");
      const refused = await author.request({
        method: "POST",
        url: `/admin/newsletters/articles/${quiet.id}/mode`,
        form: { _csrf: author.csrf, mode: "site-and-email" },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(await articleMailMode(db, quiet.id), "site");
    });

    it("an e-mail-only story goes out from its draft, links nowhere on the site, and stays off it", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      const newsletterId = await defineNewsletter(db, newsletterInput(), now - 60_000);
      await activateSubscriptions(db, [{ newsletterId, email: "ana@example.org" }], "test", now);
      const members = await makeArticle(db, now, { title: "For members: our budget", status: "draft" });
      const editor = await signInAs(testApp, "editor");
      const send = () =>
        editor.request({
          method: "POST",
          url: `/admin/newsletters/articles/${members.id}/send`,
          form: { _csrf: editor.csrf, newsletter: String(newsletterId) },
        });

      assert.equal((await send()).statusCode, 400, 'not before "E-mail only" is chosen');
      await editor.request({
        method: "POST",
        url: `/admin/newsletters/articles/${members.id}/mode`,
        form: { _csrf: editor.csrf, mode: "email" },
      });
      const page = await editor.request({ method: "GET", url: `/admin/articles/${members.id}/` });
      assert.match(page.body, /Send by e-mail now/);
      assert.equal((await send()).statusCode, 303);
      assert.equal((await send()).statusCode, 303);
      const issue = await findIssue(db, 1);
      assert.match(issue?.html ?? "", /For members: our budget/);
      assert.doesNotMatch(issue?.html ?? "", /Read and vote online/);
      assert.doesNotMatch(issue?.text ?? "", /Read and vote online/);
      assert.equal((await issueFigures(db, 1)).recipients, 1, "sent once however often it is pressed");
      assert.ok(!(await findPublicArticle(db, members.slug, now)), "not on the site");
      assert.equal(
        await queuePublishedStories(testApp.storage, { siteUrl: "https://x.test", siteTitle: "X", now }),
        0,
      );
    });
  });
}
