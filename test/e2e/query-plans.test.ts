import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import SQLite from "better-sqlite3";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { findCommentableArticle } from "../../src/features/articles/article.queries.js";
import { COMMENTER_COOKIE } from "../../src/features/comments/article-comments.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage } from "../../src/storage/storage.js";
import { seedComment } from "../helpers/comments.js";

// Tables whose whole content a page is meant to read (site settings, the navigation's categories).
const READ_WHOLE = new Set(["settings", "categories"]);

/**
 * SQLite's plan lines that read a whole table without an index, e.g. "SCAN articles". A full-text
 * MATCH shows as "VIRTUAL TABLE INDEX n:M…": FTS5 answers it from its own index.
 */
const fullScans = (plan: { detail: string }[]) => {
  // A subquery's own rows (a bounded, ranked list) are read whole by design; its tables are checked.
  const subqueries = new Set(
    plan.flatMap((step) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(step.detail)?.[1] ?? []),
  );
  return plan
    .map((step) => step.detail)
    .filter((detail) => /^SCAN \w+/.test(detail) && !/USING (COVERING )?INDEX/.test(detail))
    .filter((detail) => !subqueries.has(detail.split(" ")[1] ?? ""))
    .filter((detail) => !/^SCAN \w+ VIRTUAL TABLE INDEX \d+:=?M/.test(detail))
    .filter((detail) => !READ_WHOLE.has(detail.split(" ")[1] ?? ""));
};

it("every query the public pages run uses an index", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "masthead-plans-"));
  const queries = new Map<string, readonly unknown[]>();
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, "site.db")}`,
    MEDIA_DIR: join(dir, "media"),
  });
  const storage = openStorage(config.database, {
    onQuery: (sql, parameters) => queries.set(sql, parameters),
  });
  await migrateToLatest(storage);
  const now = Date.now();
  await seedDemoContent(storage.db, { media: localMediaStore(config.mediaDir), now });
  const app = await buildApp({ config, storage, clock: () => now });
  t.after(async () => {
    await app.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  queries.clear();
  const home = await app.inject("/");
  const article = /<h2 class="card-title"><a href="(\/[a-z0-9-]+\/)">/.exec(home.body)?.[1] ?? "/";
  for (const path of [
    article,
    "/?page=2",
    "/category/politics/",
    "/tag/river-vale/",
    "/author/maren-holt/",
    "/search?q=river+vale",
    "/search?q=flood&category=politics",
    "/rss.xml",
    "/tag/river-vale/atom.xml",
    "/author/maren-holt/feed.json",
    "/sitemap.xml",
    "/sitemap-articles-1.xml",
    "/sitemap-tags-1.xml",
    "/donate/",
    "/donate/thanks/?session=cs_test_1",
    "/supporters/",
  ]) {
    assert.equal((await app.inject(path)).statusCode, 200, path);
  }
  await app.inject("/old-slug-that-never-was/");

  // Comments: the thread, its later pages, and the live part of a commenter with held comments.
  const slug = article.replaceAll("/", "");
  const commented = await findCommentableArticle(storage.db, slug, now);
  assert.ok(commented);
  const top = await seedComment(storage.db, { articleId: commented.id, now });
  await seedComment(storage.db, { articleId: commented.id, now, parentId: top.id });
  await seedComment(storage.db, {
    articleId: commented.id,
    now,
    key: "guest:AAAAAAAAAAAAAAAAAAAAAA",
    policy: "hold-all",
  });
  const cookies = { [COMMENTER_COOKIE]: app.signCookie("AAAAAAAAAAAAAAAAAAAAAA") };
  for (const path of [article, `${article}comments/?order=newest`, `/comments/${top.id}/reply`]) {
    assert.equal((await app.inject({ url: path, cookies })).statusCode, 200, path);
  }
  assert.equal((await app.inject("/")).statusCode, 200);

  const raw = new SQLite(join(dir, "site.db"), { readonly: true });
  t.after(() => raw.close());
  const offenders = [...queries]
    .filter(([sql]) => sql.trimStart().startsWith("select"))
    .map(([sql, parameters]) => ({
      sql,
      scans: fullScans(
        raw.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as { detail: string }[],
      ),
    }))
    .filter(({ scans }) => scans.length > 0);
  assert.ok(queries.size >= 10, `only ${queries.size} distinct queries seen`);
  if (process.env.SHOW_PLANS) {
    for (const [sql, parameters] of queries) {
      if (!sql.includes("search_index")) continue;
      const plan = raw.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as {
        detail: string;
      }[];
      console.log(plan.map((step) => step.detail).join(" | "));
    }
  }
  assert.deepEqual(offenders, []);
});
