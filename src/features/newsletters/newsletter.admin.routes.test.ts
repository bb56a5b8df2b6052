import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { issueFigures } from "./delivery.repository.js";
import { newsletterSignupsPerDay } from "./newsletter.admin.service.js";
import { listNewsletters } from "./newsletter.repository.js";
import { activateSubscriptions, suppress } from "./subscription.repository.js";

const newsletterForm = (overrides: Record<string, string> = {}) => ({
  name: "The Morning Ledger",
  slug: "morning",
  description: "Every morning.",
  senderName: "The Ledger",
  senderEmail: "news@ledger.example",
  replyTo: "editors@ledger.example",
  cadence: "daily",
  sendTime: "07:00",
  sendWeekday: "1",
  ...overrides,
});

for (const dialect of testDialects()) {
  describe(`newsletter staff pages (${dialect})`, () => {
    it("editors define newsletters, queue an article, see the figures and the suppression list", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const editor = await signInAs(testApp, "editor");

      const bad = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: { _csrf: editor.csrf, ...newsletterForm({ senderEmail: "not an address" }) },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value="The Morning Ledger"/, "what was typed is kept");
      assert.equal((await listNewsletters(db)).length, 0);

      const created = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: { _csrf: editor.csrf, ...newsletterForm() },
      });
      assert.equal(created.statusCode, 303);
      const [newsletter] = await listNewsletters(db);
      assert.equal(newsletter?.cadence, "daily");
      await activateSubscriptions(
        db,
        ["a@example.org", "b@example.org"].map((email) => ({ newsletterId: newsletter?.id ?? 0, email })),
        "test",
        testApp.now(),
      );
      await suppress(db, "gone@example.org", "bounced", "HardBounce: no such mailbox", testApp.now());

      const article = await makeArticle(db, testApp.now(), { title: "Harbour wall repaired" });
      for (let click = 0; click < 2; click++) {
        const sent = await editor.request({
          method: "POST",
          url: `/admin/newsletters/${newsletter?.id}/send`,
          form: { _csrf: editor.csrf, slug: article.slug },
        });
        assert.equal(sent.statusCode, 303);
      }
      assert.equal((await issueFigures(db, 1)).recipients, 2, "a second click queues nothing more");
      const missing = await editor.request({
        method: "POST",
        url: `/admin/newsletters/${newsletter?.id}/send`,
        form: { _csrf: editor.csrf, slug: "no-such-article" },
      });
      assert.equal(missing.statusCode, 404);

      const page = await editor.request({ method: "GET", url: "/admin/newsletters/" });
      assert.match(page.body, /2 active subscribers/);
      assert.match(
        page.body,
        /<td>Harbour wall repaired<\/td><td>[^<]+<\/td><td>2<\/td><td>2<\/td><td>0<\/td>/,
      );
      const suppressed = await editor.request({ method: "GET", url: "/admin/newsletters/suppressed/" });
      assert.match(
        suppressed.body,
        /gone@example\.org<\/td><td>bounced<\/td><td>HardBounce: no such mailbox/,
      );

      const points = await newsletterSignupsPerDay.load(db, {
        from: testApp.now() - 86_400_000,
        to: testApp.now() + 1,
      });
      assert.equal(
        points.reduce((sum, point) => sum + point.value, 0),
        2,
      );
    });

    it("is for editors and up, and refuses forged posts", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const author = await signInAs(testApp, "author");
      assert.equal((await author.request({ method: "GET", url: "/admin/newsletters/" })).statusCode, 403);
      const editor = await signInAs(testApp, "editor");
      const forged = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: { _csrf: "forged", ...newsletterForm() },
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await listNewsletters(testApp.storage.db)).length, 0);
    });
  });
}
