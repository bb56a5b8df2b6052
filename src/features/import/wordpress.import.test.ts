import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { buildTestApp, TEST_NOW } from "../../../test/helpers/app.js";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import type { Db } from "../../storage/storage.js";
import { listArticles } from "../articles/article.queries.js";
import { findArticleBySlug } from "../articles/article.repository.js";
import { redirectForMiss } from "../redirects/redirect.service.js";
import { summarizeVotes } from "../votes/vote.math.js";
import { findCounterDrift, readCounts, sumLegacyTallies } from "../votes/vote.repository.js";
import { importWordpress } from "./wordpress.import.js";
import { WxrError } from "./wxr.js";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/wordpress");
const fixture = (name: string) => join(FIXTURES, name);
const run = (db: Db, file: string, dryRun = false) => importWordpress(db, { file, dryRun, now: TEST_NOW });

async function rowCount(db: Db, table: "articles" | "comments" | "redirects" | "categories") {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

for (const dialect of testDialects()) {
  describe(`WordPress import (${dialect})`, () => {
    test("imports posts, pages, hierarchy, threaded comments, tallies and old URLs", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const report = await run(db, fixture("harbour.wxr"));
      assert.equal(report.wxrVersion, "1.2");
      assert.equal(report.counts.posts.imported, 3);
      assert.deepEqual(report.counts.posts.skipped, { 'status "trash"': 1, 'post type "nav_menu_item"': 1 });
      assert.equal(report.counts.pages.imported, 2);
      assert.equal(report.counts.comments.imported, 4);
      assert.deepEqual(report.counts.comments.skipped, { "in the trash": 1, pingbacks: 1 });
      assert.deepEqual(report.unknownShortcodes, { "contact-form-7": 1 });
      assert.deepEqual(report.stickyPosts, ["41: Fire on the quay"]);

      const fire = await findArticleBySlug(db, "fire-on-the-quay");
      assert.ok(fire);
      assert.equal(fire.status, "published");
      assert.equal(fire.published_at, Date.UTC(2019, 4, 3, 8, 20));
      assert.equal(fire.standfirst, "A fire broke out before dawn.");
      assert.match(
        fire.body_html,
        /<img[^>]+src="https:\/\/old\.example\/wp-content\/uploads\/2019\/05\/boat\.jpg"[^>]*alt="A trawler"|<img[^>]+alt="A trawler"[^>]*src="https:\/\/old\.example\/wp-content\/uploads\/2019\/05\/boat\.jpg"/,
      );
      assert.match(
        fire.body_html,
        /<figure class="article-figure"><img[^>]+><figcaption>Crews worked until noon<\/figcaption><\/figure>/,
      );
      assert.match(fire.body_html, /class="link-card"/, "a bare embed URL becomes a link card");
      assert.match(
        fire.body_html,
        /\[contact-form-7 id=.{1,6}3.{1,6}\]/,
        "an unknown shortcode stays as text",
      );
      assert.doesNotMatch(fire.body_html, /wp:paragraph/);
      assert.equal(fire.image_url, "https://old.example/wp-content/uploads/2019/05/boat.jpg");
      assert.equal(fire.image_alt, "A trawler in the harbour");
      assert.equal((await findArticleBySlug(db, "tide-tables"))?.status, "draft");
      assert.match(
        (await findArticleBySlug(db, "tide-tables"))?.body_html ?? "",
        /Low tide at noon\.(<br\s*\/?>)?\s*Bring boots\./,
      );
      assert.equal((await findArticleBySlug(db, "regatta"))?.status, "scheduled");
      assert.equal(await findArticleBySlug(db, "old-junk"), undefined);

      const about = await findArticleBySlug(db, "about");
      assert.equal(about?.kind, "page");
      const listed = await listArticles(db, { now: TEST_NOW, page: 1, perPage: 50 });
      assert.deepEqual(
        listed.items.map((item) => item.slug),
        ["fire-on-the-quay"],
        "pages, drafts and scheduled posts stay out of lists",
      );

      const categories = await db.selectFrom("categories").select(["id", "slug", "parent_id"]).execute();
      const news = categories.find((row) => row.slug === "news");
      assert.equal(categories.find((row) => row.slug === "harbour")?.parent_id, news?.id);

      const comments = await db
        .selectFrom("comments")
        .select(["author_name", "status", "depth", "body"])
        .where("article_id", "=", fire.id)
        .orderBy("created_at")
        .execute();
      assert.deepEqual(
        comments.map((c) => [c.author_name, c.status, c.depth]),
        [
          ["Ned", "approved", 0],
          ["Ola", "approved", 1],
          ["Pat", "pending", 2],
          ["Spammer", "spam", 0],
        ],
      );
      assert.equal(comments[1]?.body, "Everyone is safe, thankfully.");

      const counts = await readCounts(db, fire.id);
      const summary = summarizeVotes(counts);
      assert.deepEqual([summary.points, summary.total, summary.upPercent], [41, 45, "95.555556"]);
      assert.deepEqual(await findCounterDrift(db), [], "legacy tallies are not drift");
      assert.deepEqual(await sumLegacyTallies(db), { articles: 1, up: 43, down: 2 });

      const lookups: Record<string, string | undefined> = {
        "/?p=41": "/fire-on-the-quay/",
        "/2019/05/03/fire-on-the-quay/": "/fire-on-the-quay/",
        "/2019/05/fire-on-the-quay/?utm_source=x": "/fire-on-the-quay/",
        "/?page_id=51": "/contact/",
        "/about/contact/": "/contact/",
        "/category/news/harbour/": "/category/harbour/",
        "/category/news/harbour/feed/": "/category/harbour/rss.xml",
        "/author/mara/": undefined,
        "/feed/": "/rss.xml",
        "/2019/05/03/never-existed/": undefined,
      };
      for (const [from, to] of Object.entries(lookups)) {
        assert.equal(await redirectForMiss(db, from), to, from);
      }
    });

    test("running it again changes nothing; a newer export updates what changed", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      await run(db, fixture("harbour.wxr"));
      const before = await Promise.all(
        (["articles", "comments", "redirects", "categories"] as const).map((table) => rowCount(db, table)),
      );
      const again = await run(db, fixture("harbour.wxr"));
      assert.equal(again.counts.posts.imported + again.counts.posts.updated, 0);
      assert.equal(again.counts.posts.unchanged, 3);
      assert.equal(again.counts.comments.unchanged, 4);
      assert.equal(again.counts.legacyVoteTallies.unchanged, 1);
      const after = await Promise.all(
        (["articles", "comments", "redirects", "categories"] as const).map((table) => rowCount(db, table)),
      );
      assert.deepEqual(after, before);

      const dir = await mkdtemp(join(tmpdir(), "wxr-"));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const newer = join(dir, "newer.wxr");
      const text = await readFile(fixture("harbour.wxr"), "utf8");
      await writeFile(
        newer,
        text
          .replace("<![CDATA[Fire on the quay]]>", "<![CDATA[Fire on the quay: all safe]]>")
          .replace("<![CDATA[43]]>", "<![CDATA[50]]>"),
      );
      const updated = await run(db, newer);
      assert.equal(updated.counts.posts.updated, 1);
      assert.equal(updated.counts.legacyVoteTallies.updated, 1);
      const fire = await findArticleBySlug(db, "fire-on-the-quay");
      assert.equal(fire?.title, "Fire on the quay: all safe");
      assert.deepEqual(await readCounts(db, fire?.id ?? 0), { up: 50, down: 2 });
      assert.equal(await rowCount(db, "articles"), before[0]);
    });

    test("the site serves what was imported: votes with the legacy tally, comments, figure, pages, old URLs", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await run(testApp.storage.db, fixture("harbour.wxr"));
      const get = (url: string) => testApp.app.inject({ method: "GET", url });
      const article = await get("/fire-on-the-quay/");
      assert.equal(article.statusCode, 200);
      assert.match(article.body, /41 points/);
      assert.match(article.body, /<dd data-field="total">45<\/dd>/);
      assert.match(article.body, /95\.555556/);
      assert.match(article.body, /Terrible news\./);
      assert.match(article.body, /Everyone is safe, thankfully\./);
      assert.doesNotMatch(
        article.body,
        /Waiting for moderation|Buy now/,
        "held and spam comments stay hidden",
      );
      assert.match(article.body, /<figcaption>Crews worked until noon<\/figcaption>/);

      const page = await get("/about/");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /We report on the harbour\./);
      assert.doesNotMatch(page.body, /data-field="total"|class="byline"/, "a page has no votes or byline");
      const home = await get("/");
      assert.doesNotMatch(home.body, /href="\/about\/"[^>]*>About us/, "pages stay off the home list");
      const sitemap = await get("/sitemap-articles-1.xml");
      assert.match(sitemap.body, /\/about\/<\/loc>/, "the sitemap lists pages");

      for (const [from, to] of [
        ["/?p=41", "/fire-on-the-quay/"],
        ["/2019/05/03/fire-on-the-quay/", "/fire-on-the-quay/"],
        ["/about/contact/", "/contact/"],
        ["/category/news/harbour/", "/category/harbour/"],
      ]) {
        const response = await get(from as string);
        assert.equal(response.statusCode, 301, from);
        assert.equal(response.headers.location, to, from);
      }
    });

    test("the Content API lists the imported pages and approved comments, with totals", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await run(testApp.storage.db, fixture("harbour.wxr"));
      const get = (url: string) => testApp.app.inject({ method: "GET", url });
      const pages = await get("/api/v1/pages");
      assert.equal(pages.statusCode, 200);
      const pageBody = pages.json();
      assert.deepEqual(
        pageBody.data.map((page: { slug: string }) => page.slug),
        ["about", "contact"],
      );
      assert.deepEqual([pageBody.total, pageBody.page, pageBody.hasMore], [2, 1, false]);
      assert.equal(pageBody.data[0].url, "https://news.example.test/about/");

      const comments = (await get("/api/v1/comments")).json();
      assert.deepEqual(
        comments.data.map((comment: { authorName: string }) => comment.authorName),
        ["Ola", "Ned"],
        "approved only, newest first",
      );
      assert.equal(comments.total, 2);
      assert.equal(comments.data[0].article.slug, "fire-on-the-quay");
      assert.equal(comments.data[0].parentId, comments.data[1].id);
      assert.equal(comments.data[0].authorEmail, undefined, "no e-mail addresses");
      const ofArticle = (await get("/api/v1/comments?article=fire-on-the-quay")).json();
      assert.equal(ofArticle.total, 2);
      assert.equal(
        (await get("/api/v1/comments?article=tide-tables")).json().total,
        0,
        "a draft's comments are not public",
      );
      assert.equal((await get("/api/v1/comments?article=Not%20a%20slug")).statusCode, 400);
      assert.equal((await get("/api/v1/pages?page=0")).statusCode, 400);
      const spec = (await get("/api/v1/openapi.json")).json();
      assert.equal(spec.paths["/api/v1/comments"].get.operationId, "listComments");
    });

    test("--uploads moves the images into the media library and rewrites their URLs, once", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const dir = await mkdtemp(join(tmpdir(), "wxr-uploads-"));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const uploadsDir = join(dir, "uploads");
      const mediaDir = join(dir, "media");
      await mkdir(join(uploadsDir, "2019/05"), { recursive: true });
      const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#357" } })
        .jpeg()
        .toBuffer();
      await writeFile(join(uploadsDir, "2019/05/boat.jpg"), jpeg);
      const options = {
        dryRun: false,
        now: TEST_NOW,
        uploads: { uploadsDir, media: localMediaStore(mediaDir) },
      };
      const report = await importWordpress(db, { file: fixture("harbour.wxr"), ...options });
      assert.equal(report.counts.attachments.imported, 1);
      assert.deepEqual(report.missingMedia, []);
      assert.deepEqual(report.mediaKeptAtOriginalUrl, []);
      const media = await db.selectFrom("media").select(["alt", "uploaded_by"]).execute();
      assert.deepEqual(media, [{ alt: "A trawler in the harbour", uploaded_by: null }]);
      const fire = await findArticleBySlug(db, "fire-on-the-quay");
      assert.match(fire?.image_url ?? "", /^\/media\/\d{4}\/\d{2}\//);
      assert.ok(
        fire?.body_html.includes(`src="${fire.image_url}"`),
        "the body's figure uses the library copy",
      );
      assert.doesNotMatch(fire?.body_html ?? "", /old\.example\/wp-content/);

      await importWordpress(db, { file: fixture("harbour.wxr"), ...options });
      assert.equal((await db.selectFrom("media").select("id").execute()).length, 1, "no second copy");

      await rm(join(uploadsDir, "2019"), { recursive: true });
      const { storage: other, dispose: disposeOther } = await openTestStorage(dialect);
      t.after(disposeOther);
      const missing = await importWordpress(other.db, { file: fixture("harbour.wxr"), ...options });
      assert.deepEqual(missing.missingMedia, ["https://old.example/wp-content/uploads/2019/05/boat.jpg"]);
      assert.deepEqual(missing.counts.attachments.skipped, { "file not in --uploads (or not an image)": 1 });
    });

    test("--authors staff makes staff accounts with set-password links, once", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const staffAccounts = {
        passwordLink: (token: string) => `https://news.example.test/admin/password/${token}`,
      };
      const report = await importWordpress(db, {
        file: fixture("harbour.wxr"),
        dryRun: false,
        now: TEST_NOW,
        staffAccounts,
      });
      const users = await db
        .selectFrom("users")
        .select(["id", "email", "role", "password_hash", "author_id"])
        .execute();
      assert.equal(users.length, 1);
      assert.deepEqual(
        [users[0]?.email, users[0]?.role, users[0]?.password_hash],
        ["mara@old.example", "author", null],
      );
      assert.equal(report.passwordLinks.length, 1);
      assert.match(
        report.passwordLinks[0]?.link ?? "",
        /^https:\/\/news\.example\.test\/admin\/password\/[\w-]{20,}$/,
      );
      const fire = await findArticleBySlug(db, "fire-on-the-quay");
      const byline = await db
        .selectFrom("article_authors")
        .select("author_id")
        .where("article_id", "=", fire?.id ?? 0)
        .execute();
      assert.deepEqual(byline, [{ author_id: users[0]?.author_id }]);
      const again = await importWordpress(db, {
        file: fixture("harbour.wxr"),
        dryRun: false,
        now: TEST_NOW,
        staffAccounts,
      });
      assert.deepEqual(again.passwordLinks, []);
      assert.equal((await db.selectFrom("users").select("id").execute()).length, 1);
    });

    test("a dry run reports everything and writes nothing", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const report = await run(storage.db, fixture("harbour.wxr"), true);
      assert.equal(report.dryRun, true);
      assert.equal(report.counts.posts.imported, 3);
      assert.equal(await rowCount(storage.db, "articles"), 0);
      assert.equal(await rowCount(storage.db, "redirects"), 0);
    });

    test("a truncated, non-WXR or missing file fails with where, and writes nothing", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      await assert.rejects(run(storage.db, fixture("truncated.wxr")), (error: Error) => {
        assert.ok(error instanceof WxrError);
        assert.match(
          error.message,
          /truncated\.wxr is not well-formed XML: line \d+, column \d+: unclosed tag/,
        );
        return true;
      });
      await assert.rejects(
        run(storage.db, fixture("not-wxr.xml")),
        /not a WordPress export: no <wp:wxr_version> before the first item \(line 3, column \d+\)/,
      );
      const dir = await mkdtemp(join(tmpdir(), "wxr-"));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const html = join(dir, "page.xml");
      await writeFile(html, "<html><body>no</body></html>");
      await assert.rejects(run(storage.db, html), /the root element is <html>, not <rss>/);
      const copy = join(dir, "copy.wxr");
      await copyFile(fixture("harbour.wxr"), copy);
      await writeFile(
        copy,
        (await readFile(copy, "utf8")).replace("<wp:wxr_version>1.2", "<wp:wxr_version>9.9"),
      );
      await assert.rejects(run(storage.db, copy), /WXR version 9\.9 is not 1\.0, 1\.1 or 1\.2/);
      for (const table of ["articles", "comments", "redirects", "categories"] as const) {
        assert.equal(await rowCount(storage.db, table), 0, table);
      }
    });
  });
}
