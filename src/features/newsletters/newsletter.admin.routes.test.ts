import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle, makeCategory } from "../../../test/helpers/factories.js";
import { newsletterInput } from "../../../test/helpers/newsletters.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { listAuditEntries } from "../audit/audit.repository.js";
import { issueFigures } from "./delivery.repository.js";
import { newsletterSignupsPerDay } from "./newsletter.admin.service.js";
import { listNewsletters } from "./newsletter.repository.js";
import { defineNewsletter } from "./newsletter.service.js";
import { activateSubscriptions, endSubscription, suppress } from "./subscription.repository.js";

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

    it("staff choose the sections that feed a newsletter; an unknown one is refused beside the field", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const climate = await makeCategory(db, "Climate");
      const sport = await makeCategory(db, "Sport");
      const editor = await signInAs(testApp, "editor");
      const form = await editor.request({ method: "GET", url: "/admin/newsletters/" });
      assert.match(form.body, new RegExp(`name="sectionIds\\[\\]" value="${climate.id}"`));

      const unknown = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: { _csrf: editor.csrf, ...newsletterForm(), "sectionIds[]": [String(climate.id), "999"] },
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /class="field-error">One of those sections no longer exists/);
      assert.match(
        unknown.body,
        new RegExp(`value="${climate.id}" checked`),
        "the ticked sections stay ticked",
      );
      assert.equal((await listNewsletters(db)).length, 0);

      const created = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: {
          _csrf: editor.csrf,
          ...newsletterForm(),
          "sectionIds[]": [String(climate.id), String(sport.id)],
        },
      });
      assert.equal(created.statusCode, 303);
      const one = await editor.request({
        method: "POST",
        url: "/admin/newsletters/",
        form: {
          _csrf: editor.csrf,
          ...newsletterForm({ slug: "climate" }),
          "sectionIds[]": String(climate.id),
        },
      });
      assert.equal(one.statusCode, 303);
      const bySlug = new Map((await listNewsletters(db)).map((newsletter) => [newsletter.slug, newsletter]));
      assert.deepEqual(bySlug.get("morning")?.sectionIds.sort(), [climate.id, sport.id].sort());
      assert.deepEqual(bySlug.get("climate")?.sectionIds, [climate.id]);
      assert.match(
        (await editor.request({ method: "GET", url: "/admin/newsletters/" })).body,
        /Climate, Sport|Sport, Climate/,
      );
    });

    it("imports subscribers from CSV: consent required, a dry run first, suppressed addresses never; exports them", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const editor = await signInAs(testApp, "editor");
      const newsletterId = await defineNewsletter(db, newsletterInput(), testApp.now());
      const other = await defineNewsletter(db, newsletterInput(), testApp.now());
      await activateSubscriptions(
        db,
        [{ newsletterId, email: "already@example.org" }],
        "test",
        testApp.now(),
      );
      await activateSubscriptions(db, [{ newsletterId, email: "left@example.org" }], "test", testApp.now());
      await endSubscription(db, newsletterId, "left@example.org", testApp.now());
      await suppress(db, "bounced@example.org", "bounced", "HardBounce", testApp.now());
      await suppress(db, "complained@example.org", "complained", "abuse", testApp.now());
      await suppress(db, "unsubscribed@example.org", "unsubscribed", "left everything", testApp.now());
      const csv = [
        'name,"E-mail"',
        "Ana,ana@example.org",
        '"Bo, Jr.",BO@example.org',
        "Ana again,ana@example.org",
        "Cy,not-an-address",
        "Already,already@example.org",
        "Left,left@example.org",
        "Bounced,bounced@example.org",
        "Complained,complained@example.org",
        "Unsubscribed,unsubscribed@example.org",
      ].join("\r\n");
      const url = `/admin/newsletters/${newsletterId}/import`;
      const post = (form: Record<string, string>) =>
        editor.request({ method: "POST", url, form: { _csrf: editor.csrf, ...form } });
      const subscribers = async () =>
        (
          await db
            .selectFrom("newsletter_subscriptions")
            .select("email")
            .where("newsletter_id", "=", newsletterId)
            .where("status", "=", "active")
            .orderBy("email")
            .execute()
        ).map((row) => row.email);

      assert.equal((await editor.request({ method: "GET", url })).statusCode, 200);
      const dryRun = await post({ subscribersCsv: csv, intent: "dry-run" });
      assert.equal(dryRun.statusCode, 200);
      assert.match(dryRun.body, /Dry run: nothing was changed/);
      assert.match(dryRun.body, /9 rows read; would be subscribed: 2/);
      assert.match(dryRun.body, /Already subscribed: 1/);
      assert.match(dryRun.body, /bounced, complained or unsubscribed: 4/);
      assert.match(dryRun.body, /Repeated in the file: 1/);
      assert.match(dryRun.body, /Row 4: &quot;not-an-address&quot;|Row 4: "not-an-address"/);
      assert.match(dryRun.body, /Ana again,ana@example\.org/, "the file stays in the form");
      assert.deepEqual(await subscribers(), ["already@example.org"]);

      const noConsent = await post({ subscribersCsv: csv, intent: "import" });
      assert.equal(noConsent.statusCode, 400);
      assert.match(noConsent.body, /id="consent-error">Confirm that everyone in the file agreed/);
      assert.match(noConsent.body, /Ana again,ana@example\.org/, "the file is kept");
      assert.deepEqual(await subscribers(), ["already@example.org"]);

      for (const bad of ['email\r\n"ana@example.org', "name\r\nAna", "email"]) {
        const refused = await post({ subscribersCsv: bad, consent: "yes", intent: "import" });
        assert.equal(refused.statusCode, 400, bad);
        assert.match(refused.body, /id="subscribersCsv-error">/, bad);
      }

      const imported = await post({ subscribersCsv: csv, consent: "yes", intent: "import" });
      assert.equal(imported.statusCode, 200);
      assert.match(imported.body, /subscribed: 2/);
      assert.deepEqual(await subscribers(), ["already@example.org", "ana@example.org", "bo@example.org"]);
      const again = await post({ subscribersCsv: csv, consent: "yes", intent: "import" });
      assert.match(again.body, /subscribed: 0/);
      assert.match(again.body, /Already subscribed: 3/);

      const [entry] = await listAuditEntries(db, { area: "newsletters" }, 1);
      assert.equal(entry?.action, "POST /admin/newsletters/:id/import");
      assert.equal(entry?.details.fields?.consent, "yes");
      assert.doesNotMatch(
        JSON.stringify(entry?.details),
        /ana@example/,
        "addresses stay out of the audit log",
      );

      const exported = await editor.request({
        method: "GET",
        url: `/admin/newsletters/${newsletterId}/subscribers.csv`,
      });
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers["content-type"]), /^text\/csv/);
      const lines = exported.body.trim().split("\r\n");
      assert.equal(lines[0], "email,status,source,subscribed_at,changed_at");
      assert.deepEqual(
        lines.slice(1).map((line) => line.split(",").slice(0, 3).join(",")),
        [
          "already@example.org,active,test",
          "ana@example.org,active,import",
          "bo@example.org,active,import",
          "left@example.org,unsubscribed,test",
        ],
      );
      assert.equal(
        (await editor.request({ method: "GET", url: `/admin/newsletters/${other}/subscribers.csv` })).body,
        "email,status,source,subscribed_at,changed_at\r\n",
      );
      assert.equal(
        (await editor.request({ method: "GET", url: "/admin/newsletters/999/import" })).statusCode,
        404,
      );
      const author = await signInAs(testApp, "author");
      assert.equal((await author.request({ method: "GET", url })).statusCode, 403);
      assert.equal(
        (await author.request({ method: "GET", url: `/admin/newsletters/${newsletterId}/subscribers.csv` }))
          .statusCode,
        403,
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
