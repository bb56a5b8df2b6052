/**
 * Export and import at scale: the demo site plus BENCH_ARTICLES generated articles (default 10,000) on
 * SQLite (or PostgreSQL in a fresh schema with BENCH_POSTGRES_URL), exported, imported into an empty
 * site, and exported again. Prints each step's time, articles/s, the import's time as a ratio of the
 * export's (both measured in this run), the process's peak RSS, and whether the two exports hold
 * identical files (it exits 1 if not: the round trip is the point).
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { mastheadVersion } from "../src/features/backup/backup.manifest.js";
import { seedDemoContent } from "../src/features/demo/demo-seed.js";
import { seedSyntheticArticles } from "../src/features/demo/synthetic-articles.js";
import { exportToFile } from "../src/features/export/export.command.js";
import { type ExportSite, importSite } from "../src/features/export/export.service.js";
import { SITE_EXPORTS } from "../src/site-exports.js";
import { localMediaStore } from "../src/storage/local-media-store.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage, type Storage } from "../src/storage/storage.js";
import { machineInfo, writeResults } from "./lib/results.js";

const articles = Number(process.env.BENCH_ARTICLES ?? 10_000);
if (!Number.isInteger(articles) || articles < 1)
  throw new Error("BENCH_ARTICLES must be a whole number above 0.");
const postgresUrl = process.env.BENCH_POSTGRES_URL;
const work = await mkdtemp(join(tmpdir(), "masthead-bench-export-"));
const schemas: string[] = [];

async function emptySite(name: string): Promise<{ site: ExportSite; storage: Storage }> {
  let storage: Storage;
  if (postgresUrl) {
    const schema = `bench_export_${randomBytes(4).toString("hex")}`;
    const client = new pg.Client(postgresUrl);
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    schemas.push(schema);
    storage = openStorage({ dialect: "postgres", url: postgresUrl }, { searchPath: schema });
  } else {
    storage = openStorage({ dialect: "sqlite", path: join(work, `${name}.db`) });
  }
  await migrateToLatest(storage);
  const media = localMediaStore(join(work, `${name}-media`));
  return { storage, site: { storage, media, parts: SITE_EXPORTS, version: mastheadVersion() } };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const now = Date.now();
const original = await emptySite("original");
const copy = await emptySite("copy");
try {
  await seedDemoContent(original.storage.db, { media: original.site.media, now });
  await seedSyntheticArticles(original.storage.db, { count: articles, now });
  const [first, exportSeconds] = await timed(() =>
    exportToFile(original.site, { to: join(work, "first.tar.gz"), now }),
  );
  const [, importSeconds] = await timed(() => importSite(copy.site, { file: first.file }));
  const second = await exportToFile(copy.site, { to: join(work, "second.tar.gz"), now });
  const identical =
    isDeepStrictEqual(first.manifest.types, second.manifest.types) &&
    isDeepStrictEqual(first.manifest.media, second.manifest.media);
  // The demo's own articles and pages count too.
  const total = first.manifest.types.find((type) => type.name === "articles")?.rows ?? 0;
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`dialect: ${original.storage.dialect}, articles: ${total}`);
  console.log(`export: ${exportSeconds.toFixed(1)} s (${Math.round(total / exportSeconds)} articles/s)`);
  console.log(`import: ${importSeconds.toFixed(1)} s (${Math.round(total / importSeconds)} articles/s)`);
  console.log(`import / export time: ${(importSeconds / exportSeconds).toFixed(2)}`);
  console.log(`peak RSS: ${peakMiB} MiB`);
  console.log(
    identical
      ? "round trip: identical (every JSON Lines file and media file has the same SHA-256)"
      : "round trip: DIFFERENT",
  );
  const path = await writeResults(`export-${original.storage.dialect}`, {
    articles: total,
    exportSeconds,
    importSeconds,
    peakMiB,
    identical,
    machine: machineInfo(),
  });
  console.log(`Figures written to ${path}`);
  if (!identical) process.exitCode = 1;
} finally {
  await original.storage.close();
  await copy.storage.close();
  if (postgresUrl && schemas.length > 0) {
    const client = new pg.Client(postgresUrl);
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema ${schema} cascade`);
    await client.end();
  }
  await rm(work, { recursive: true, force: true });
}
