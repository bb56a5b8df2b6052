import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { TEST_NOW } from "../../../test/helpers/app.js";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { findArticleBySlug } from "../articles/article.repository.js";
import { redirectForMiss } from "../redirects/redirect.service.js";
import { GhostExportError, importGhost } from "./ghost.import.js";

const FIXTURE = join(import.meta.dirname, "../../../test/fixtures/ghost/harbour.ghost.json");
const options = { dryRun: false, now: TEST_NOW, primaryTagAsSection: true };

for (const dialect of testDialects()) {
  describe(`Ghost import (${dialect})`, () => {
    test("imports posts, pages, tags (the first as section), authors and Ghost's URLs, once", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const report = await importGhost(db, { file: FIXTURE, ...options });
      assert.equal(report.counts.posts.imported, 2);
      assert.deepEqual(report.counts.posts.skipped, { 'status "sent"': 1 });
      assert.equal(report.counts.pages.imported, 1);
      assert.equal(report.counts.tags.imported, 1, "#hidden is Ghost's internal tag");
      assert.equal(report.counts.categories.imported, 1);

      const ferry = await findArticleBySlug(db, "ferry-strike-ends");
      assert.ok(ferry);
      assert.equal(ferry.status, "published");
      assert.equal(ferry.published_at, Date.parse("2024-05-06T08:00:00.000Z"));
      assert.equal(ferry.standfirst, "Crews accept the offer.");
      assert.match(
        ferry.body_html,
        /<figure class="article-figure"><img[^>]+alt="The ferry at the quay"[^>]*><figcaption>Back in service<\/figcaption><\/figure>/,
      );
      assert.match(ferry.body_html, /<li>Fares unchanged<\/li>/);
      assert.equal(ferry.image_url, "https://ghost.example/content/images/2024/05/ferry.jpg");
      const section = await db.selectFrom("categories").select(["id", "slug"]).execute();
      assert.deepEqual(
        section.map((row) => row.slug),
        ["transport"],
      );
      assert.equal(ferry.primary_category_id, section[0]?.id);
      const authors = await db.selectFrom("authors").select(["slug", "name", "bio"]).execute();
      assert.deepEqual(authors, [{ slug: "ines", name: "Ines Roe", bio: "Transport reporter" }]);
      assert.equal((await findArticleBySlug(db, "harbour-budget"))?.status, "draft");
      assert.equal((await findArticleBySlug(db, "about"))?.kind, "page");

      assert.equal(await redirectForMiss(db, "/rss/"), "/rss.xml");
      assert.equal(await redirectForMiss(db, "/tag/transport/rss/"), "/tag/transport/rss.xml");
      assert.equal(await redirectForMiss(db, "/ferry-strike-ends/amp/"), "/ferry-strike-ends/");

      const again = await importGhost(db, { file: FIXTURE, ...options });
      assert.deepEqual(
        [again.counts.posts.imported, again.counts.posts.updated, again.counts.posts.unchanged],
        [0, 0, 2],
      );
      assert.equal((await db.selectFrom("articles").select("id").execute()).length, 3);
    });

    test("without --primary-tag-as-section tags stay tags; a dry run reports and writes nothing", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { db } = storage;
      const dry = await importGhost(db, { file: FIXTURE, ...options, dryRun: true });
      assert.equal(dry.counts.posts.imported, 2);
      assert.equal((await db.selectFrom("articles").select("id").execute()).length, 0);
      assert.equal((await db.selectFrom("redirects").select("id").execute()).length, 0);

      const report = await importGhost(db, { file: FIXTURE, ...options, primaryTagAsSection: false });
      assert.equal(report.counts.categories.imported, 0);
      assert.equal((await db.selectFrom("categories").select("id").execute()).length, 0);
      const ferry = await findArticleBySlug(db, "ferry-strike-ends");
      assert.equal(ferry?.primary_category_id, null);
      const tags = await db
        .selectFrom("article_tags")
        .innerJoin("tags", "tags.id", "article_tags.tag_id")
        .select("tags.slug")
        .where("article_tags.article_id", "=", ferry?.id ?? 0)
        .execute();
      assert.deepEqual(
        tags.map((tag) => tag.slug),
        ["transport"],
      );
    });

    test("a file that is not JSON or not a Ghost export fails with what and where, writing nothing", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const dir = await mkdtemp(join(tmpdir(), "ghost-"));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const broken = join(dir, "broken.json");
      await writeFile(broken, '{"db": [');
      await assert.rejects(importGhost(storage.db, { file: broken, ...options }), (error: Error) => {
        assert.ok(error instanceof GhostExportError);
        assert.match(error.message, /broken\.json is not valid JSON: /);
        return true;
      });
      const other = join(dir, "other.json");
      await writeFile(other, JSON.stringify({ db: [{ data: { posts: [{ id: "p1", title: 3 }] } }] }));
      await assert.rejects(
        importGhost(storage.db, { file: other, ...options }),
        /other\.json is not a Ghost export: .* at \/db\/0\/data\/posts\/0\//,
      );
      assert.equal((await storage.db.selectFrom("articles").select("id").execute()).length, 0);
    });
  });
}
