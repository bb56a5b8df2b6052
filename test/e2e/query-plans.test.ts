import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { findCommentableArticle } from "../../src/features/articles/article.queries.js";
import { COMMENTER_COOKIE } from "../../src/features/comments/article-comments.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { type ScaleCounts, seedAtScale } from "../../src/features/demo/scale-seed.js";
import { updateSiteSettings } from "../../src/features/settings/settings.js";
import { compileVoteQueries } from "../../src/features/votes/vote.queries.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { bind } from "../../src/storage/statements.js";
import type { Storage } from "../../src/storage/storage.js";
import { seedComment } from "../helpers/comments.js";
import { openTestStorage, testDatabaseUrl, testDialects } from "../helpers/databases.js";

// Tables whose whole content a page is meant to read (site settings, the navigation's categories,
// the few newsletters the sign-up form offers).
const READ_WHOLE = new Set(["settings", "categories", "newsletters", "newsletter_sections"]);

/** Enough rows that PostgreSQL's planner, given statistics, prefers an index wherever one serves. */
const LARGER_ARCHIVE: ScaleCounts = { articles: 5_000, comments: 20_000, votes: 50_000 };
const ARCHIVE_ENDS_BEFORE_MS = 90 * 24 * 3_600_000;
/**
 * Tables an article page reads a few rows of, for that article, which the generated archive fills
 * (it writes no source attributions, so that table stays small enough to be read whole).
 */
const PER_ARTICLE_TABLES = new Set([
  "comments",
  "comment_counters",
  "votes",
  "article_tags",
  "article_categories",
  "article_authors",
]);

/** Every statement seen, with the parameters of one run of it. */
type SeenQueries = Map<string, readonly unknown[]>;

/**
 * SQLite's plan lines that read a whole table without an index, e.g. "SCAN articles". A full-text
 * MATCH shows as "VIRTUAL TABLE INDEX n:M…": FTS5 answers it from its own index.
 */
const sqliteFullScans = (plan: { detail: string }[]) => {
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

/** SQLite's plan lines that sort rows in a temporary B-tree instead of reading them in index order. */
const sqliteSorts = (plan: { detail: string }[]) =>
  plan
    .map((step) => step.detail)
    .filter((detail) => /USE TEMP B-TREE FOR (?:RIGHT PART OF )?ORDER BY/.test(detail));

interface PostgresPlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PostgresPlanNode[];
}

/** PostgreSQL's sorts anywhere in a plan. */
const postgresSorts = (node: PostgresPlanNode): string[] => [
  ...(node["Node Type"] === "Sort" ? ["Sort"] : []),
  ...(node.Plans ?? []).flatMap(postgresSorts),
];

/** PostgreSQL's sequential scans of our tables anywhere in a plan. */
const postgresFullScans = (node: PostgresPlanNode): string[] => [
  ...(node["Node Type"] === "Seq Scan" && !READ_WHOLE.has(node["Relation Name"] ?? "")
    ? [`Seq Scan on ${node["Relation Name"]}`]
    : []),
  ...(node.Plans ?? []).flatMap(postgresFullScans),
];

/**
 * The full scans in each statement's plan. On PostgreSQL the demo tables are small enough that the
 * planner would scan them whole anyway, so sequential scans are priced out (`enable_seqscan = off`):
 * one that remains means no index can serve the query.
 */
async function fullScansOf(
  storage: Storage,
  queries: SeenQueries,
  planner: "pricing scans out" | "as is" = "pricing scans out",
) {
  const selects = [...queries].filter(([sql]) => /^\s*(select|with)\b/i.test(sql));
  if (storage.dialect === "sqlite") {
    const raw = new SQLite(storage.file ?? "", { readonly: true });
    try {
      return selects.map(([sql, parameters]) => ({
        sql,
        ...((plan) => ({ scans: sqliteFullScans(plan), sorts: sqliteSorts(plan) }))(
          raw.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as { detail: string }[],
        ),
      }));
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: testDatabaseUrl(storage) });
  await client.connect();
  try {
    await client.query(`set search_path to ${storage.schema}`);
    if (planner === "pricing scans out") {
      await client.query("set enable_seqscan = off");
      // Likewise sorting: a sort that remains means no index gives the rows in the order asked for.
      await client.query("set enable_sort = off");
    }
    const found = [];
    for (const [sql, parameters] of selects) {
      const result = await client.query(`explain (format json) ${sql}`, [...parameters]);
      const plan = (result.rows[0] as { "QUERY PLAN": { Plan: PostgresPlanNode }[] })["QUERY PLAN"][0];
      found.push({
        sql,
        scans: plan ? postgresFullScans(plan.Plan) : [],
        sorts: plan ? postgresSorts(plan.Plan) : [],
      });
    }
    return found;
  } finally {
    await client.end();
  }
}

/** Visits every public page (comments included) and records each statement the app runs for them. */
async function visitPublicPages(
  t: TestContext,
  storage: Storage,
  queries: SeenQueries,
  archive?: ScaleCounts,
) {
  const dir = mkdtempSync(join(tmpdir(), "masthead-plans-"));
  const config = loadConfig({ MEDIA_DIR: join(dir, "media") });
  const now = Date.now();
  await seedDemoContent(storage.db, { media: localMediaStore(config.mediaDir), now });
  if (archive) {
    // Older than the demo's stories, so the pages visited below are the same ones.
    await seedAtScale(storage.db, { counts: archive, now: now - ARCHIVE_ENDS_BEFORE_MS });
    // The statistics autovacuum would have gathered by the time an archive is this big.
    if (storage.dialect === "postgres") await sql`analyze`.execute(storage.db);
  }
  // A pinned story, so the front page's pin and by-id reads run too.
  const oldest = await storage.db.selectFrom("articles").select("id").orderBy("id").executeTakeFirstOrThrow();
  await storage.db.insertInto("article_pins").values({ article_id: oldest.id, pinned_at: now }).execute();
  const app = await buildApp({ config, storage, clock: () => now });
  t.after(async () => {
    await app.close();
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
    "/top/",
    `/api/v1/articles${article.slice(0, -1)}/votes`,
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
  return commented.id;
}

/**
 * The vote path's statements, as the vote writer runs them: prepared once, on whichever connection
 * writes (on an SQLite file that is the writer thread's own, which no observer of this process sees).
 */
function addVoteStatements(storage: Storage, queries: SeenQueries, articleId: number) {
  const values = {
    articleId,
    voterKey: "anon:AAAAAAAAAAAAAAAAAAAAAA",
    value: 1,
    oldValue: 1,
    oldStatus: "counted",
    id: 1,
    ipHash: "ip",
    networkHash: "net",
    hour: 1,
    since: 0,
    now: 1,
    freshVoter: 0,
    status: "counted",
    heldReason: null,
    votes: 1,
    up: 1,
    down: 0,
  };
  for (const query of Object.values(compileVoteQueries(storage.db))) {
    queries.set(query.sql, bind(query, values));
  }
}

for (const dialect of testDialects()) {
  describe(`query plans on ${dialect}`, () => {
    it("every query the public pages and the vote path run uses an index, prepared ones included", async (t) => {
      const queries: SeenQueries = new Map();
      const test = await openTestStorage(dialect, {
        onQuery: (sql, parameters) => queries.set(sql, parameters),
      });
      t.after(() => test.dispose());
      const articleId = await visitPublicPages(t, test.storage, queries);
      const prepared = [...queries.keys()].filter((sql) => /from "?content_version"?/.test(sql));
      assert.ok(prepared.length > 0, "the prepared content-version read was seen");
      const front = [...queries.keys()].filter((sql) =>
        /from "article_pins"|"vote_counters" as "c"/.test(sql),
      );
      // The pins, the week's top voted (home) and the all-time top (/top/).
      assert.equal(front.length, 3, "the front page's pin and top-voted reads were seen");
      addVoteStatements(test.storage, queries, articleId);
      assert.ok(queries.size >= 10, `only ${queries.size} distinct queries seen`);
      const offenders = (await fullScansOf(test.storage, queries))
        .filter(({ scans }) => scans.length > 0)
        .map(({ sql, scans }) => ({ sql, scans }));
      assert.deepEqual(offenders, []);
    });

    it("on a larger archive every query still uses an index, and the planner left to itself reads no article's comments, votes or links whole", {
      timeout: 300_000,
    }, async (t) => {
      const queries: SeenQueries = new Map();
      const test = await openTestStorage(dialect, {
        onQuery: (sql, parameters) => queries.set(sql, parameters),
      });
      t.after(() => test.dispose());
      const articleId = await visitPublicPages(t, test.storage, queries, LARGER_ARCHIVE);
      addVoteStatements(test.storage, queries, articleId);
      const unindexed = (await fullScansOf(test.storage, queries))
        .filter(({ scans }) => scans.length > 0)
        .map(({ sql, scans }) => ({ sql, scans }));
      assert.deepEqual(unindexed, []);
      // With statistics PostgreSQL rightly reads small tables whole, and the lists and rankings that
      // are read whole once per content change; what one article shows must never cost a table scan.
      const perArticleScans = (await fullScansOf(test.storage, queries, "as is")).flatMap(({ sql, scans }) =>
        scans
          .filter((scan) => PER_ARTICLE_TABLES.has(scan.split(" ").at(-1) ?? ""))
          .map((scan) => ({ sql, scan })),
      );
      assert.deepEqual(perArticleScans, []);
    });

    it("list pages deep in the archive read by index: no OFFSET, no full scan", async (t) => {
      const queries: SeenQueries = new Map();
      const test = await openTestStorage(dialect, {
        onQuery: (sql, parameters) => queries.set(sql, parameters),
      });
      t.after(() => test.dispose());
      await visitPublicPages(t, test.storage, queries);
      await updateSiteSettings(test.storage.db, { postsPerPage: 2 });
      const app = await buildApp({ config: loadConfig(), storage: test.storage, clock: () => Date.now() });
      t.after(() => app.close());
      queries.clear();
      for (const path of [
        "/?page=9",
        "/category/politics/?page=2",
        "/tag/river-vale/?page=2",
        "/author/maren-holt/?page=3",
      ]) {
        assert.equal((await app.inject(path)).statusCode, 200, path);
      }
      const offsets = [...queries.keys()].filter((sql) => /\boffset\b/i.test(sql));
      assert.deepEqual(offsets, []);
      const listing = (await fullScansOf(test.storage, queries)).filter(({ sql }) =>
        /from "articles"/.test(sql),
      );
      assert.ok(listing.length > 0, "the list statements were seen");
      const offenders = listing
        .filter(({ scans }) => scans.length > 0)
        .map(({ sql, scans }) => ({ sql, scans }));
      assert.deepEqual(offenders, []);
      // The home list's positions, every visible id read once per content version, come in list order
      // from an index: no sort of the whole archive (decision 0067). A section's still sorts its ids.
      const homePositions = listing.filter(
        ({ sql }) => /^select "articles"\."id" from "articles"/.test(sql) && !/ in \(select|limit/.test(sql),
      );
      assert.equal(homePositions.length, 1, "the home list's positions read was seen");
      assert.deepEqual(homePositions[0]?.sorts, []);
    });
  });
}
