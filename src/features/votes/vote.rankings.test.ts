import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { buildTestApp, TEST_NOW } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { articleInput, HOUR, makeArticle } from "../../../test/helpers/factories.js";
import type { Db } from "../../storage/storage.js";
import { updateArticle } from "../articles/article.service.js";
import { topVotedThisWeek } from "./vote.rankings.js";
import { RANKING_MAX_AGE_MS } from "./vote.rankings.routes.js";
import { setLegacyTally } from "./vote.repository.js";
import { castVote } from "./vote.service.js";

const NOW = TEST_NOW;
const DAY = 24 * HOUR;
let voter = 0;

/** Casts `up` upvotes and `down` downvotes on the article, each from a reader (and network) of its own. */
async function vote(db: Db, articleId: number, up: number, down = 0) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < up + down; i++) {
      const key = `anon:rank-${++voter}`;
      await castVote(trx, {
        articleId,
        voterKey: key,
        value: i < up ? 1 : -1,
        ipHash: `ip-${key}`,
        networkHash: `net-${key}`,
        freshVoter: false,
        now: NOW,
        limits: { networkPerHour: 1_000_000 },
      });
    }
  });
}

/** The article slugs of a list page, in the order shown. */
const slugsOn = (html: string) =>
  [...html.matchAll(/<h2 class="card-title"><a href="\/([^/"]+)\/">/g)].map((match) => match[1]);

/** The score line under each card, in the order shown. */
const scoresOn = (html: string) =>
  [...html.matchAll(/<p class="card-meta card-score">([^<]*)<\/p>/g)].map((match) => match[1]);

async function validate(html: string) {
  const report = await new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "void-style": "off", "long-title": "off" },
  }).validateString(html);
  return report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

for (const dialect of testDialects()) {
  describe(`vote rankings on ${dialect}`, () => {
    it("this week's top voted: only visible, voted articles published in the last seven days", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const lastWeek = await makeArticle(db, NOW, { title: "Eight days old", publishedAt: NOW - 8 * DAY });
      const sixDays = await makeArticle(db, NOW, { title: "Six days old", publishedAt: NOW - 6 * DAY });
      const today = await makeArticle(db, NOW, { title: "Today", publishedAt: NOW - HOUR });
      const unvoted = await makeArticle(db, NOW, { title: "Unvoted", publishedAt: NOW - HOUR });
      const scheduled = await makeArticle(db, NOW, { title: "Scheduled", publishedAt: NOW + HOUR });
      await vote(db, lastWeek.id, 90);
      await vote(db, sixDays.id, 5);
      await vote(db, today.id, 3, 1);
      await vote(db, scheduled.id, 40);
      const ranked = await topVotedThisWeek(db, NOW, 10);
      assert.deepEqual(
        ranked.map((article) => [article.articleId, article.up, article.down]),
        [
          [sixDays.id, 5, 0],
          [today.id, 3, 1],
        ],
      );
      assert.ok(!ranked.some((article) => article.articleId === unvoted.id));
    });

    it("/top/ ranks by the Wilson lower bound, newer first at equal scores, voted articles only", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const tenOfTen = await makeArticle(db, NOW, { title: "Ten of ten", publishedAt: NOW - 5 * DAY });
      const oneOfOne = await makeArticle(db, NOW, { title: "One of one" });
      const sixtyForty = await makeArticle(db, NOW, { title: "Sixty forty", publishedAt: NOW - 400 * DAY });
      const olderPair = await makeArticle(db, NOW, { title: "Older pair", publishedAt: NOW - 3 * DAY });
      const newerPair = await makeArticle(db, NOW, { title: "Newer pair", publishedAt: NOW - 2 * DAY });
      const booed = await makeArticle(db, NOW, { title: "Booed" });
      const unvoted = await makeArticle(db, NOW, { title: "Unvoted" });
      const draft = await makeArticle(db, NOW, { title: "Draft", status: "draft", publishedAt: null });
      const scheduled = await makeArticle(db, NOW, { title: "Scheduled", publishedAt: NOW + HOUR });
      await vote(db, tenOfTen.id, 10);
      await vote(db, oneOfOne.id, 1);
      await vote(db, sixtyForty.id, 60, 40);
      await vote(db, olderPair.id, 2);
      await vote(db, newerPair.id, 2);
      await vote(db, booed.id, 0, 3);
      await vote(db, draft.id, 50);
      await vote(db, scheduled.id, 50);

      const response = await testApp.app.inject({ method: "GET", url: "/top/" });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers["content-type"] as string, /^text\/html/);
      // Wilson: 10/10 → 0.72, 60/100 → 0.50, 2/2 → 0.34, 1/1 → 0.21, 0/3 → 0.
      assert.deepEqual(slugsOn(response.body), [
        tenOfTen.slug,
        sixtyForty.slug,
        newerPair.slug,
        olderPair.slug,
        oneOfOne.slug,
        booed.slug,
      ]);
      assert.deepEqual(scoresOn(response.body), [
        "10 points · 10 votes",
        "20 points · 100 votes",
        "2 points · 2 votes",
        "2 points · 2 votes",
        "1 point · 1 vote",
        "-3 points · 3 votes",
      ]);
      assert.ok(!response.body.includes(unvoted.slug), "articles without votes are left out");
      assert.match(response.body, /<h1>Top rated<\/h1>/);
      assert.match(response.body, /<p class="list-description">[^<]+<\/p>/);
      assert.deepEqual(await validate(response.body), []);

      // The scheduled article joins once its time comes.
      testApp.setNow(NOW + 2 * HOUR);
      const later = await testApp.app.inject({ method: "GET", url: "/top/" });
      assert.equal(slugsOn(later.body)[0], scheduled.slug);
      assert.ok(!later.body.includes(draft.slug));
    });

    it("/hot/ prefers newer articles at equal points, and leaves out those older than 30 days", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const fresh = await makeArticle(db, NOW, { title: "Fresh", publishedAt: NOW - 2 * HOUR });
      const dayOld = await makeArticle(db, NOW, { title: "Day old", publishedAt: NOW - DAY });
      const quiet = await makeArticle(db, NOW, { title: "Quiet", publishedAt: NOW - 3 * HOUR });
      const disliked = await makeArticle(db, NOW, { title: "Disliked", publishedAt: NOW - HOUR });
      const monthOld = await makeArticle(db, NOW, { title: "Month old", publishedAt: NOW - 31 * DAY });
      const draft = await makeArticle(db, NOW, { title: "Hot draft", status: "draft", publishedAt: null });
      const scheduled = await makeArticle(db, NOW, { title: "Hot later", publishedAt: NOW + HOUR });
      await vote(db, fresh.id, 5);
      await vote(db, dayOld.id, 5);
      await vote(db, disliked.id, 1, 2);
      await vote(db, monthOld.id, 500);
      await vote(db, draft.id, 500);
      await vote(db, scheduled.id, 500);

      const response = await testApp.app.inject({ method: "GET", url: "/hot/" });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(slugsOn(response.body), [fresh.slug, dayOld.slug, quiet.slug, disliked.slug]);
      assert.deepEqual(scoresOn(response.body), [
        "5 points · 5 votes",
        "5 points · 5 votes",
        "-1 point · 3 votes",
      ]);
      assert.doesNotMatch(response.body, /0 votes/, "no score line for an article nobody voted on");
      assert.match(response.body, /<h1>Hot right now<\/h1>/);
      assert.deepEqual(await validate(response.body), []);

      // Votes change the page once it is re-ranked, RANKING_MAX_AGE_MS after its last ranking.
      await vote(db, quiet.id, 30);
      testApp.setNow(NOW + RANKING_MAX_AGE_MS);
      const after = await testApp.app.inject({ method: "GET", url: "/hot/" });
      assert.equal(slugsOn(after.body)[0], quiet.slug);
      assert.notEqual(after.headers.etag, response.headers.etag);
      const revalidated = await testApp.app.inject({
        method: "GET",
        url: "/hot/",
        headers: { "if-none-match": after.headers.etag as string },
      });
      assert.equal(revalidated.statusCode, 304);
    });

    it("an imported legacy tally counts in /top/ and /hot/ like on the vote widget, new votes added", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const imported = await makeArticle(db, NOW, { title: "Imported", publishedAt: NOW - 2 * HOUR });
      const local = await makeArticle(db, NOW, { title: "Local", publishedAt: NOW - 2 * HOUR });
      await setLegacyTally(db, imported.id, { up: 41, down: 0 });
      await vote(db, local.id, 30);

      // Wilson: 41/41 → 0.91 above 30/30 → 0.89; hot: 41 points above 30 at the same age.
      for (const url of ["/top/", "/hot/"]) {
        const page = await testApp.app.inject({ method: "GET", url });
        assert.deepEqual(slugsOn(page.body), [imported.slug, local.slug], url);
        assert.deepEqual(scoresOn(page.body), ["41 points · 41 votes", "30 points · 30 votes"], url);
      }

      // One new downvote joins the tally: 41/42 → 0.88 now ranks below 30/30, and shows 40 points.
      await vote(db, imported.id, 0, 1);
      testApp.setNow(NOW + RANKING_MAX_AGE_MS);
      const top = await testApp.app.inject({ method: "GET", url: "/top/" });
      assert.deepEqual(slugsOn(top.body), [local.slug, imported.slug]);
      assert.deepEqual(scoresOn(top.body), ["30 points · 30 votes", "40 points · 42 votes"]);
      const hot = await testApp.app.inject({ method: "GET", url: "/hot/" });
      assert.deepEqual(scoresOn(hot.body), ["40 points · 42 votes", "30 points · 30 votes"]);
      const widget = await testApp.app.inject({ method: "GET", url: `/${imported.slug}/` });
      assert.match(widget.body, /40 points/);
    });

    it("shows a vote once the ranking is re-ranked, at most RANKING_MAX_AGE_MS later, an edit at once", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const leader = await makeArticle(db, NOW, { title: "Leader", publishedAt: NOW - 2 * HOUR });
      const chaser = await makeArticle(db, NOW, { title: "Chaser", publishedAt: NOW - 2 * HOUR });
      await vote(db, leader.id, 5);
      await vote(db, chaser.id, 4);
      const order = async (url: string) => slugsOn((await testApp.app.inject({ method: "GET", url })).body);
      for (const url of ["/top/", "/hot/"])
        assert.deepEqual(await order(url), [leader.slug, chaser.slug], url);

      await vote(db, chaser.id, 10);
      testApp.setNow(NOW + RANKING_MAX_AGE_MS - 1);
      for (const url of ["/top/", "/hot/"]) {
        assert.deepEqual(await order(url), [leader.slug, chaser.slug], `${url} within the bound`);
      }
      testApp.setNow(NOW + RANKING_MAX_AGE_MS);
      for (const url of ["/top/", "/hot/"]) {
        assert.deepEqual(await order(url), [chaser.slug, leader.slug], `${url} past the bound`);
      }

      // A content change is not held back: the renamed article shows on the next request.
      await updateArticle(db, leader.id, articleInput({ title: "Renamed leader" }), leader.revision, NOW);
      for (const url of ["/top/", "/hot/"]) {
        const page = await testApp.app.inject({ method: "GET", url });
        assert.match(page.body, /Renamed leader/, url);
      }
    });

    it("pages by 20, answers 404 past the end and 400 to a bad page number", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const articles = [];
      for (let i = 0; i < 21; i++) {
        articles.push(await makeArticle(db, NOW, { publishedAt: NOW - (i + 1) * HOUR }));
      }
      const first = await testApp.app.inject({ method: "GET", url: "/hot/" });
      assert.equal(slugsOn(first.body).length, 20);
      assert.match(first.body, /<a rel="next" href="\/hot\/\?page=2">/);
      const second = await testApp.app.inject({ method: "GET", url: "/hot/?page=2" });
      assert.equal(second.statusCode, 200);
      assert.deepEqual(slugsOn(second.body), [articles[20]?.slug]);
      assert.match(second.body, /<a rel="prev" href="\/hot\/">/);
      assert.equal((await testApp.app.inject({ method: "GET", url: "/hot/?page=3" })).statusCode, 404);

      // Nothing voted yet: /top/ says so on page 1, and has no page 2.
      const top = await testApp.app.inject({ method: "GET", url: "/top/" });
      assert.equal(top.statusCode, 200);
      assert.match(top.body, /No article has been voted on yet\./);
      assert.equal((await testApp.app.inject({ method: "GET", url: "/top/?page=2" })).statusCode, 404);

      for (const path of ["/top/", "/hot/"]) {
        for (const page of ["0", "-1", "abc", "1.5", "123456", ""]) {
          const bad = await testApp.app.inject({ method: "GET", url: `${path}?page=${page}` });
          assert.equal(bad.statusCode, 400, `${path}?page=${page}`);
        }
        const bare = await testApp.app.inject({ method: "GET", url: path.slice(0, -1) });
        assert.equal(bare.statusCode, 301);
        assert.equal(bare.headers.location, path);
      }
    });
  });
}
