import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { addDonation } from "../../../test/helpers/donations.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";

// TEST_NOW is Wednesday 25 November 2026, 12:00 UTC; its week began on Monday the 23rd.
const NOW = Date.UTC(2026, 10, 25, 12);
const THIS_MONDAY = Date.UTC(2026, 10, 23);
const FIRST_MONDAY = Date.UTC(2026, 5, 1); // 25 weeks earlier: the first of 26 weeks shown

const rowFor = (date: string, count: number) => new RegExp(`<tr><td>${date}</td><td>${count}</td></tr>`);

for (const dialect of testDialects()) {
  describe(`staff dashboard on ${dialect}`, () => {
    it("charts visible articles per week for 26 weeks, leaving out drafts and scheduled ones", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      testApp.setNow(NOW);
      const { db } = testApp.storage;
      for (const publishedAt of [
        THIS_MONDAY,
        NOW - HOUR,
        THIS_MONDAY - 1, // Sunday night: the week before
        FIRST_MONDAY,
        FIRST_MONDAY + 6 * 24 * HOUR,
        FIRST_MONDAY - 1, // too old to be shown
      ]) {
        await makeArticle(db, NOW, { publishedAt });
      }
      await makeArticle(db, NOW, { status: "draft", publishedAt: null });
      await makeArticle(db, NOW, { status: "draft", publishedAt: NOW - HOUR });
      await makeArticle(db, NOW, { publishedAt: NOW + HOUR });

      const contributor = await signInAs(testApp, "contributor");
      const response = await contributor.request({ method: "GET", url: "/admin/" });
      assert.equal(response.statusCode, 200);
      const page = response.body;

      assert.match(page, /<strong>6<\/strong> published/);
      assert.match(page, /<strong>1<\/strong> scheduled/);
      assert.match(page, /<strong>2<\/strong> drafts/);

      assert.match(
        page,
        /<svg [^>]*role="img" aria-labelledby="published-per-week-title published-per-week-desc"/,
      );
      assert.match(
        page,
        /<title id="published-per-week-title">Articles published per week \(last 26 weeks\)<\/title>/,
      );
      assert.match(
        page,
        /<desc id="published-per-week-desc">26 weeks from 1 Jun 2026 to 23 Nov 2026: 5 articles in all/,
      );
      assert.match(page, /<details><summary>The numbers as a table<\/summary><table/);
      // The weekly chart alone; the daily reader-activity charts (votes…) follow it.
      const weekly = page.slice(page.indexOf("published-per-week-title"), page.indexOf("Reader activity"));
      assert.equal((weekly.match(/<tr><td>/g) ?? []).length, 26);
      assert.match(page, rowFor("1 Jun 2026", 2));
      assert.match(page, rowFor("8 Jun 2026", 0));
      assert.match(page, rowFor("16 Nov 2026", 1));
      assert.match(page, rowFor("23 Nov 2026", 2));
      assert.equal((weekly.match(/<rect /g) ?? []).length, 26);
      assert.doesNotMatch(page, / style=/);
      assert.match(page, /Reader activity/);
      assert.match(page, /Reader votes/);

      const report = await new HtmlValidate({
        extends: ["html-validate:recommended"],
        rules: { "void-style": "off", "long-title": "off" },
      }).validateString(page);
      assert.deepEqual(
        report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`)),
        [],
      );
    });

    it("charts donations only in currencies that had some in the period, naming the other allowed ones", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      testApp.setNow(NOW);
      const { db } = testApp.storage;
      const editor = await signInAs(testApp, "editor");
      const dashboard = async () => (await editor.request({ method: "GET", url: "/admin/" })).body;
      const none = await dashboard();
      assert.doesNotMatch(none, /id="donations-/);
      assert.match(none, /No donations in the last 30 days \(accepted: EUR, USD, GBP, CHF\)\./);

      const gift = (currency: string, at: number) =>
        addDonation(db, { amount: 2500, currency, status: "paid", email: "d@example.org", at });
      await gift("EUR", NOW - HOUR);
      await gift("GBP", NOW - 40 * 24 * HOUR); // before the period
      const page = await dashboard();
      assert.match(page, /id="donations-eur-title"/);
      for (const currency of ["usd", "gbp", "chf"])
        assert.doesNotMatch(page, new RegExp(`id="donations-${currency}`));
      assert.match(page, /Also accepted, with no donations in the last 30 days: USD, GBP, CHF\./);
    });

    it("sends signed-out visitors to sign in", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const response = await testApp.app.inject("/admin/");
      assert.equal(response.statusCode, 303);
      assert.match(response.headers.location ?? "", /^\/admin\/signin\?next=/);
    });
  });
}
