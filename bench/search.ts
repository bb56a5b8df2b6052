/**
 * Site search latency on a large site: p50/p95 of `searchArticles` (matching, ranking, snippets
 * and the result summaries, as the search page runs them) over a fixed set of queries.
 *
 * BENCH_DATABASE_URL (default sqlite:.bench/search.db) is filled up to BENCH_ARTICLES (default
 * 100,000) published articles first, with the demo newsroom and generated articles
 * (`masthead seed-demo --articles N` does the same); later runs reuse it. BENCH_ROUNDS (default 20)
 * sets how many times each query runs after one warm-up round. Target: p95 < 50 ms on SQLite.
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.js";
import { countVisibleArticles } from "../src/features/articles/article.repository.js";
import { seedDemoContent } from "../src/features/demo/demo-seed.js";
import { seedSyntheticArticles } from "../src/features/demo/synthetic-articles.js";
import { searchArticles } from "../src/features/search/search.service.js";
import { findCategoryBySlug } from "../src/features/taxonomy/taxonomy.repository.js";
import { localMediaStore } from "../src/storage/local-media-store.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage } from "../src/storage/storage.js";
import { machineInfo, resultsDir, writeResults } from "./lib/results.js";

const TARGET_P95_MS = 50;

/**
 * Common and rare words, two-word queries, a phrase, a word no article has, a filter and a later page.
 * Every query but the nonsense word must find articles: a fast search that finds nothing measures nothing.
 */
const QUERIES: Array<{ q: string; category?: string; page?: number; findsNothing?: true }> = [
  { q: "council" },
  { q: "harbour" },
  { q: "water" },
  { q: "flood" },
  { q: "festival" },
  { q: "quayside" },
  { q: "budget committee" },
  { q: "river ferry" },
  { q: "northgate residents" },
  { q: '"city council"' },
  { q: "said" },
  { q: "averill harbour authority" },
  { q: "floods" },
  { q: "zyxwvut", findsNothing: true },
  { q: "council", category: "politics" },
  { q: "harbour", page: 3 },
];

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function readPositive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  console.error(`${name} must be a positive whole number, not "${raw}"`);
  process.exit(1);
}

async function main() {
  const articles = readPositive("BENCH_ARTICLES", 100_000);
  const rounds = readPositive("BENCH_ROUNDS", 20);
  mkdirSync(resultsDir, { recursive: true });
  const config = loadConfig({
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(resultsDir, "search.db")}`,
    MEDIA_DIR: join(resultsDir, "search-media"),
  });
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage);
    const { db } = storage;
    const now = Date.now();
    await seedDemoContent(db, { media: localMediaStore(config.mediaDir), now });
    const missing = articles - (await countVisibleArticles(db, now));
    if (missing > 0) {
      console.log(`Generating ${missing.toLocaleString("en")} articles (once; later runs reuse them)…`);
      await seedSyntheticArticles(db, {
        count: missing,
        now,
        onProgress: (done, total) =>
          process.stdout.write(`\r  ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`),
      });
      process.stdout.write("\n");
    }
    const visible = await countVisibleArticles(db, Date.now());
    const politics = await findCategoryBySlug(db, "politics");
    const run = async (query: (typeof QUERIES)[number]) => {
      const started = performance.now();
      const results = await searchArticles(db, {
        query: query.q,
        filter: query.category && politics ? { categoryId: politics.id } : {},
        page: query.page ?? 1,
        perPage: 12,
        now: Date.now(),
        language: "en",
      });
      return { ms: performance.now() - started, found: results.items.length };
    };
    for (const query of QUERIES) await run(query);

    const all: number[] = [];
    const perQuery = [];
    for (const query of QUERIES) {
      const times: number[] = [];
      let found = 0;
      for (let round = 0; round < rounds; round++) {
        const { ms, found: shown } = await run(query);
        times.push(ms);
        found = shown;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      perQuery.push({ ...query, found, p50: percentile(times, 50), p95: percentile(times, 95) });
    }
    all.sort((a, b) => a - b);
    const summary = { p50: percentile(all, 50), p95: percentile(all, 95), max: all[all.length - 1] ?? 0 };

    console.log(
      `\nSearch on ${storage.dialect}, ${visible.toLocaleString("en")} visible articles, ${rounds} rounds per query\n`,
    );
    for (const row of perQuery) {
      const label = `${row.q}${row.category ? ` in ${row.category}` : ""}${row.page ? ` (page ${row.page})` : ""}`;
      console.log(
        `  ${label.padEnd(36)} p50 ${row.p50.toFixed(1).padStart(6)} ms   p95 ${row.p95.toFixed(1).padStart(6)} ms   ${row.found} shown`,
      );
    }
    console.log(
      `\n  all queries: p50 ${summary.p50.toFixed(1)} ms, p95 ${summary.p95.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms`,
    );
    const verdict = summary.p95 < TARGET_P95_MS ? "meets" : "misses";
    console.log(`  target p95 < ${TARGET_P95_MS} ms: ${verdict}`);
    const wrong = perQuery.filter((row) => (row.findsNothing ? row.found > 0 : row.found === 0));
    for (const row of wrong) {
      console.error(
        `  WRONG: "${row.q}" showed ${row.found} results, expected ${row.findsNothing ? "none" : "some"}`,
      );
    }
    if (wrong.length > 0) process.exitCode = 1;
    const path = await writeResults(`search-${storage.dialect}`, {
      dialect: storage.dialect,
      articles: visible,
      rounds,
      summary,
      perQuery,
      machine: machineInfo(),
    });
    console.log(`  written to ${path}`);
  } finally {
    await storage.close();
  }
}

await main();
