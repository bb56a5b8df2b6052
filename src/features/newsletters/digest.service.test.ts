import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle, makeCategory } from "../../../test/helpers/factories.js";
import { newsletterInput } from "../../../test/helpers/newsletters.js";
import { issueFigures } from "./delivery.repository.js";
import { queueDueDigests, queuePublishedStories } from "./digest.service.js";
import { findIssue } from "./issue.repository.js";
import { defineNewsletter } from "./newsletter.service.js";
import { activateSubscriptions } from "./subscription.repository.js";

const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`digests (${dialect})`, () => {
    test("at its time a digest queues the stories of its sections since the last one, once", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const climate = await makeCategory(db, "Climate");
      const sport = await makeCategory(db, "Sport");
      // 07:00 in Zurich on 2 December 2026 is 06:00 UTC; the newsletter is made two hours before.
      const digestAt = Date.parse("2026-12-02T06:00:00Z");
      const id = await defineNewsletter(
        db,
        newsletterInput({ cadence: "daily", sendTime: "07:00", sectionIds: [climate.id] }),
        digestAt - 2 * HOUR,
      );
      await activateSubscriptions(db, [{ newsletterId: id, email: "ana@example.org" }], "test", 0);
      await makeArticle(db, digestAt, { title: "Glacier melt measured", categoryIds: [climate.id] });
      await makeArticle(db, digestAt, { title: "Cup final tonight", categoryIds: [sport.id] });
      // Published an hour before the previous digest (07:00 the day before): that one's story.
      await makeArticle(db, digestAt - 24 * HOUR, {
        title: "Older than the last digest",
        categoryIds: [climate.id],
      });
      const site = { siteUrl: "https://ledger.example", siteTitle: "Ledger", timeZone: "Europe/Zurich" };

      assert.equal(
        await queueDueDigests(storage, { ...site, now: digestAt - 60_000 }),
        0,
        "not before its time, nor the day before the newsletter existed",
      );
      assert.equal(await queueDueDigests(storage, { ...site, now: digestAt + 60_000 }), 1);
      assert.equal(await queueDueDigests(storage, { ...site, now: digestAt + 120_000 }), 0, "once");
      const issue = await findIssue(db, 1);
      assert.equal(issue?.issue_key, "digest:2026-12-02");
      assert.match(issue?.html ?? "", /Glacier melt measured/);
      assert.doesNotMatch(issue?.html ?? "", /Cup final|Older than/);
      assert.equal((await issueFigures(db, 1)).queued, 1);
    });

    test("each-story lists queue every new story of their sections once, none from before they existed", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const climate = await makeCategory(db, "Climate");
      const sport = await makeCategory(db, "Sport");
      const now = Date.parse("2026-12-02T12:00:00Z");
      await makeArticle(db, now - 3 * HOUR, { title: "Before the list", categoryIds: [climate.id] });
      const id = await defineNewsletter(db, newsletterInput({ sectionIds: [climate.id] }), now - 2 * HOUR);
      await activateSubscriptions(db, [{ newsletterId: id, email: "ana@example.org" }], "test", 0);
      await makeArticle(db, now, { title: "Glacier melt measured", categoryIds: [climate.id] });
      await makeArticle(db, now, { title: "Cup final tonight", categoryIds: [sport.id] });
      const site = { siteUrl: "https://ledger.example", siteTitle: "Ledger", now };

      assert.equal(await queuePublishedStories(storage, site), 1);
      assert.equal(await queuePublishedStories(storage, { ...site, now: now + 60_000 }), 0, "once");
      assert.match((await findIssue(db, 1))?.subject ?? "", /Glacier melt measured/);
    });
  });
}
