/**
 * Scaling out on one machine: the article page and votes served by `masthead start` with
 * WEB_CONCURRENCY=1 and =2, in the same run, on SQLite and (with BENCH_POSTGRES_URL or
 * TEST_POSTGRES_URL) on PostgreSQL; prints each figure and the 2-worker / 1-worker ratio.
 *
 * The servers are the real command (node:cluster primary and workers), each on a fresh demo
 * database with the vote thresholds opened (all load comes from 127.0.0.1). The load comes from wrk,
 * which needs a share of the same two cores: the ratio says what a second worker adds on this
 * machine, not what a second core adds on an idle one. BENCH_SECONDS (default 10) per measurement.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { seedDemoContent } from "../src/features/demo/demo-seed.js";
import { getSiteSecret, SiteSettingsSchema, updateSiteSettings } from "../src/features/settings/settings.js";
import { localMediaStore } from "../src/storage/local-media-store.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage } from "../src/storage/storage.js";
import { firstArticleVotesApi, freePort, startServerProcess } from "../test/helpers/server-process.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { warmUpAndMeasure } from "./lib/load.js";
import { readSeconds } from "./lib/options.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { runVoteLoad } from "./lib/vote-load.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const SECONDS = readSeconds(process.env.BENCH_SECONDS);
const PAGE_CONNECTIONS = 32;
const VOTE_CONNECTIONS = 128;
const TARGET_PAGE_RATIO = 1.6;

interface Site {
  label: string;
  databaseUrl: string;
  dropDatabase?: () => Promise<void>;
}

/** A fresh demo site with open vote limits; returns the site secret the voter cookies are signed with. */
async function seedSite(databaseUrl: string, mediaDir: string): Promise<string> {
  const target = databaseUrl.startsWith("sqlite:")
    ? { dialect: "sqlite" as const, path: databaseUrl.slice("sqlite:".length) }
    : { dialect: "postgres" as const, url: databaseUrl };
  const storage = openStorage(target);
  try {
    await migrateToLatest(storage);
    await seedDemoContent(storage.db, { media: localMediaStore(mediaDir), now: Date.now() });
    const { properties } = SiteSettingsSchema;
    await updateSiteSettings(storage.db, {
      voteLimitPerMinutePerIp: properties.voteLimitPerMinutePerIp.maximum ?? 1,
      voteLimitPerMinutePerReader: properties.voteLimitPerMinutePerReader.maximum ?? 1,
      voteNetworkLimitPerHour: properties.voteNetworkLimitPerHour.maximum ?? 1,
    });
    return await getSiteSecret(storage.db);
  } finally {
    await storage.close();
  }
}

/** A database of its own on the PostgreSQL server, dropped afterwards. */
async function postgresSite(serverUrl: string): Promise<Site> {
  const name = `masthead_scale_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    label: "PostgreSQL",
    databaseUrl: url.toString(),
    dropDatabase: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function measure(site: Site, workers: number, secret: string, workDir: string, tag: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({
    DATABASE_URL: site.databaseUrl,
    MEDIA_DIR: join(workDir, "media"),
    MASTHEAD_DEMO: "0",
    PORT: String(port),
    WEB_CONCURRENCY: String(workers),
  });
  try {
    const api = await firstArticleVotesApi(base);
    const slug = /articles\/([^/]+)\/votes/.exec(api)?.[1] ?? "";
    const page = await warmUpAndMeasure(`${site.label} page, ${workers} worker(s)`, {
      url: `${base}/${slug}/`,
      seconds: SECONDS,
      connections: PAGE_CONNECTIONS,
      warmUpSeconds: 2,
    });
    const votes = await runVoteLoad({
      url: base,
      slug,
      secret,
      seconds: SECONDS,
      connections: VOTE_CONNECTIONS,
      readerTag: tag,
      workDir,
    });
    return { pagesPerSec: page.requestsPerSec, votesPerSec: votes.acknowledgedPerSec, errors: votes.errors };
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

runBounded("bench:scale-out", 30 * 60_000, async () => {
  assertWrkInstalled();
  const workDir = await mkdtemp(join(tmpdir(), "masthead-scale-"));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  const sites: Site[] = [{ label: "SQLite", databaseUrl: `sqlite:${join(workDir, "scale.db")}` }];
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (postgresUrl) sites.push(await postgresSite(postgresUrl));
  const results: Record<string, unknown> = {};
  let tag = 0;
  for (const site of sites) {
    try {
      const secret = await seedSite(site.databaseUrl, join(workDir, "media"));
      const one = await measure(site, 1, secret, workDir, "abcdefgh"[tag++] ?? "z");
      const two = await measure(site, 2, secret, workDir, "abcdefgh"[tag++] ?? "z");
      const pageRatio = two.pagesPerSec / one.pagesPerSec;
      const voteRatio = two.votesPerSec / one.votesPerSec;
      console.log(
        `${site.label}: article page ${one.pagesPerSec.toFixed(0)} → ${two.pagesPerSec.toFixed(0)} req/s ` +
          `(×${pageRatio.toFixed(2)}, target ≥ ${TARGET_PAGE_RATIO}); votes ${one.votesPerSec.toFixed(0)} → ` +
          `${two.votesPerSec.toFixed(0)}/s (×${voteRatio.toFixed(2)})`,
      );
      results[site.label] = { one, two, pageRatio, voteRatio };
    } finally {
      await site.dropDatabase?.();
    }
  }
  const file = await writeResults("scale-out", { machine: machineInfo(), seconds: SECONDS, results });
  console.log(`Results: ${file}`);
});
