import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, TEST_NOW, type TestApp } from "../../test/helpers/app.js";
import { testDialects } from "../../test/helpers/databases.js";
import { HOUR, makeArticle, makeCategory } from "../../test/helpers/factories.js";
import { signInAs } from "../../test/helpers/staff.js";
import { listAuditEntries } from "../features/audit/audit.repository.js";
import { updateSiteSettings } from "../features/settings/settings.js";
import { castVote } from "../features/votes/vote.service.js";

/** The article slugs of cards in one part of the page, in the order shown. */
const slugsIn = (html: string) =>
  [...html.matchAll(/class="card-title"><a href="\/([^/"]+)\/">/g)].map((m) => m[1]);

/** The HTML of one part of the home page, from its opening to the next part. */
function part(html: string, start: string, end: string) {
  const from = html.indexOf(start);
  assert.ok(from >= 0, `${start} is on the page`);
  const to = html.indexOf(end, from + start.length);
  return html.slice(from, to < 0 ? undefined : to);
}

/** Six stories an hour apart (story-6 newest), two of them in Politics. */
async function sixStories(testApp: TestApp) {
  const { db } = testApp.storage;
  const politics = await makeCategory(db, "Politics");
  const ids: number[] = [];
  for (let n = 1; n <= 6; n++) {
    const article = await makeArticle(db, TEST_NOW, {
      title: `Story ${n}`,
      publishedAt: TEST_NOW - (10 - n) * HOUR,
      categoryIds: n <= 2 ? [politics.id] : [],
    });
    ids.push(article.id);
  }
  return ids;
}

for (const dialect of testDialects()) {
  describe(`the front page on ${dialect}`, () => {
    it("leads with the newest story, then top stories, sections, and the rest as Latest; page 2 is Latest only", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await sixStories(testApp);
      await updateSiteSettings(testApp.storage.db, { postsPerPage: 5 });
      const home = (await testApp.app.inject("/")).body;
      assert.deepEqual(slugsIn(part(home, 'class="home-lead"', "<section")), ["story-6"]);
      assert.deepEqual(slugsIn(part(home, 'id="home-top"', "</section>")), [
        "story-5",
        "story-4",
        "story-3",
        "story-2",
      ]);
      assert.deepEqual(slugsIn(part(home, 'id="home-section-category-', "</section>")), [
        "story-2",
        "story-1",
      ]);
      assert.match(home, /<a href="\/category\/category-\d+\/">Politics<\/a><\/h2>/);
      // Page 1 holds five stories, all shown above Latest; the sixth is on page 2.
      assert.doesNotMatch(home, /id="home-latest"[\s\S]*class="card-title"/);
      assert.doesNotMatch(home, /Independent news\.<\/p>\s*<\/header>/, "no repeated description");
      const second = (await testApp.app.inject("/?page=2")).body;
      assert.deepEqual(slugsIn(second), ["story-1"]);
      assert.doesNotMatch(second, /home-lead|home-top/);
    });

    it("lets editors pin a story on top until it is unpinned, with CSRF, and records it", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const ids = await sixStories(testApp);
      const oldest = String(ids[0]);
      const author = await signInAs(testApp, "author");
      const refused = await author.request({
        method: "POST",
        url: `/admin/articles/${oldest}/pin`,
        form: { _csrf: author.csrf },
      });
      assert.equal(refused.statusCode, 403);
      const editor = await signInAs(testApp, "editor");
      const forged = await editor.request({ method: "POST", url: `/admin/articles/${oldest}/pin`, form: {} });
      assert.equal(forged.statusCode, 403, "no CSRF token, no pin");

      const editorPage = await editor.request({ method: "GET", url: `/admin/articles/${oldest}/` });
      assert.match(editorPage.body, /Pin to the front page/);
      const pin = await editor.request({
        method: "POST",
        url: `/admin/articles/${oldest}/pin`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(pin.statusCode, 303);
      const pinned = (await testApp.app.inject("/")).body;
      assert.deepEqual(slugsIn(part(pinned, 'class="home-lead"', "<section")), ["story-1"]);
      // A newer story does not push the pin down.
      await makeArticle(testApp.storage.db, TEST_NOW, { title: "Story 7", publishedAt: TEST_NOW - HOUR / 2 });
      const later = (await testApp.app.inject("/")).body;
      assert.deepEqual(slugsIn(part(later, 'class="home-lead"', "<section")), ["story-1"]);
      assert.equal(slugsIn(part(later, 'id="home-top"', "</section>"))[0], "story-7");

      const unpin = await editor.request({
        method: "POST",
        url: `/admin/articles/${oldest}/unpin`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(unpin.statusCode, 303);
      const after = (await testApp.app.inject("/")).body;
      assert.deepEqual(slugsIn(part(after, 'class="home-lead"', "<section")), ["story-7"]);
      const actions = (await listAuditEntries(testApp.storage.db, {}, 50)).map((entry) => entry.action);
      assert.ok(actions.includes("POST /admin/articles/:id/pin"), actions.join());
      assert.ok(actions.includes("POST /admin/articles/:id/unpin"), actions.join());
    });

    it("shows this week's top voted stories, the chosen layout, and no zero counts on cards", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const ids = await sixStories(testApp);
      const voted = ids[2] ?? 0;
      await castVote(testApp.storage.db, {
        articleId: voted,
        voterKey: "anon:home-voter",
        value: 1,
        ipHash: "ip-home",
        networkHash: "net-home",
        freshVoter: false,
        now: TEST_NOW,
        limits: { networkPerHour: 1_000 },
      });
      testApp.setNow(TEST_NOW + 10 * 60_000);
      const home = (await testApp.app.inject("/")).body;
      const ranked = part(home, 'id="home-top-voted"', "</section>");
      assert.match(ranked, /<a href="\/story-3\/">Story 3<\/a>/);
      assert.match(ranked, /1 point · 1 vote/);
      assert.doesNotMatch(home, /0 comments|0 points|card-note/);
      assert.match(home, /<div class="home home-layout-lead">/);

      await updateSiteSettings(testApp.storage.db, { homeLayout: "digest" });
      assert.match((await testApp.app.inject("/")).body, /<div class="home home-layout-digest">/);
      const refused = await updateSiteSettings(testApp.storage.db, {
        homeLayout: "magazine" as "grid",
      }).catch((error: Error) => error);
      assert.ok(refused instanceof Error && /homeLayout/.test(refused.message));
    });

    it("has a search form, account link and feeds in the frame; Donate only when payments are set up", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await sixStories(testApp);
      await updateSiteSettings(testApp.storage.db, {
        socialLinks: "https://mastodon.social/@news\nhttps://www.instagram.com/news",
      });
      const home = (await testApp.app.inject("/")).body;
      assert.match(
        home,
        /<form class="header-search" role="search" method="get" action="\/search"><label for="header-search-q">Search<\/label><input type="search" id="header-search-q" name="q"/,
      );
      assert.match(home, /<a href="\/account\/">Sign in \/ Account<\/a>/);
      assert.doesNotMatch(home, /href="\/donate\/"/);
      assert.match(home, /<a href="https:\/\/mastodon.social\/@news">mastodon.social<\/a>/);
      assert.match(home, /<a href="https:\/\/www.instagram.com\/news">instagram.com<\/a>/);
      assert.match(home, /<a href="\/rss.xml">RSS<\/a>/);
      assert.match(home, /<a href="\/supporters\/">Supporters<\/a>/);
      await assert.rejects(updateSiteSettings(testApp.storage.db, { socialLinks: "javascript:alert(1)" }));

      const paying = await buildTestApp(t, dialect, {
        env: { STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" },
      });
      assert.match(
        (await paying.app.inject("/")).body,
        /<a class="header-donate" href="\/donate\/">Donate<\/a>/,
      );
    });
  });
}
