/**
 * Scaling out on one machine: the article page and votes served by `masthead start` with
 * WEB_CONCURRENCY=1 and =2, in the same run, on SQLite and (with BENCH_POSTGRES_URL or
 * TEST_POSTGRES_URL) on PostgreSQL; prints each figure and the 2-worker / 1-worker ratio.
 *
 * The servers are the real command (node:cluster primary and workers), each site on a fresh demo
 * database with the vote thresholds opened (all load comes from 127.0.0.1). The load comes from wrk
 * (one thread), which needs a share of the same two cores, and so do PostgreSQL and the other
 * processes of a shared machine. So the run first measures the ceiling: a bare node:http server
 * sending the same page bytes, as one process and as two node:cluster workers. The app's ratio is
 * read against that ceiling: what a second worker can add on this machine, not on an idle one.
 *
 * Both servers of a comparison run side by side and are measured in turns (A B A B: see
 * measureInTurns); the idle one costs nothing. BENCH_SECONDS (default 10) per measurement;
 * BENCH_CPU_PROF=1 writes CPU profiles of every server process (workers included) to
 * .bench/profiles/; NODE_CLUSTER_SCHED_POLICY (rr or none) is passed on to every server.
 */

import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { seedDemoContent } from "../src/features/demo/demo-seed.js";
import { getSiteSecret, SiteSettingsSchema, updateSiteSettings } from "../src/features/settings/settings.js";
import { localMediaStore } from "../src/storage/local-media-store.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage } from "../src/storage/storage.js";
import { firstArticleVotesApi, freePort, startServerProcess } from "../test/helpers/server-process.js";
import { type Announcement, SERVER_ENV, SERVER_NODE_FLAGS, spawnChildServer } from "./lib/child-server.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { httpGetOk } from "./lib/http-get.js";
import { assertClean, runLoad } from "./lib/load.js";
import { profilingNodeArgs, readSeconds } from "./lib/options.js";
import { processTreeCpuSeconds } from "./lib/process-cpu.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { runVoteLoad, voteLoadProblems } from "./lib/vote-load.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const SECONDS = readSeconds(process.env.BENCH_SECONDS);
const PAGE_CONNECTIONS = 32;
const VOTE_CONNECTIONS = 128;
const TARGET_PAGE_RATIO = 1.6;
const WARM_UP_SECONDS = 2;
/** Each side of a page comparison is measured this many times, in turns. */
const TURNS = 2;

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

interface Server {
  label: string;
  base: string;
  process: ChildProcess;
}

async function startApp(site: Site, workers: number, workDir: string): Promise<Server> {
  const port = await freePort();
  const env = {
    DATABASE_URL: site.databaseUrl,
    MEDIA_DIR: join(workDir, "media"),
    MASTHEAD_DEMO: "0",
    PORT: String(port),
    WEB_CONCURRENCY: String(workers),
    ...SERVER_ENV,
  };
  const child = await startServerProcess(env, undefined, [...SERVER_NODE_FLAGS, ...profilingNodeArgs()]);
  onCleanup(() => stopApp(child));
  return { label: `${site.label}, ${workers} worker(s)`, base: `http://127.0.0.1:${port}`, process: child };
}

async function stopApp(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill("SIGTERM");
  await once(server, "exit");
}

/** A server under measurement: where to load it, and the process whose tree's CPU time is counted. */
interface Side {
  label: string;
  url: string;
  pid: number;
}

/** Throughput, and the server's CPU time per 1,000 answers (its whole process tree). */
interface Figures {
  perSec: number;
  cpuMsPerThousand: number;
}

async function measurePages(side: Side, seconds: number): Promise<Figures> {
  const before = processTreeCpuSeconds(side.pid);
  const run = await runLoad({ url: side.url, seconds, connections: PAGE_CONNECTIONS });
  assertClean(side.label, run);
  const cpuSeconds = processTreeCpuSeconds(side.pid) - before;
  return { perSec: run.requestsPerSec, cpuMsPerThousand: (cpuSeconds * 1e6) / run.totalRequests };
}

const mean = (runs: Figures[], key: keyof Figures) =>
  runs.reduce((sum, run) => sum + run[key], 0) / runs.length;

/**
 * Two servers' page throughput, in turns (A B A B after a warm-up each): on a shared machine the
 * figures drift from one run to the next, and alternating puts both sides through the same drift.
 */
async function pagesInTurns(one: Side, two: Side) {
  for (const side of [one, two]) await measurePages(side, WARM_UP_SECONDS);
  const runs = { one: [] as Figures[], two: [] as Figures[] };
  for (let turn = 0; turn < TURNS; turn++) {
    runs.one.push(await measurePages(one, SECONDS));
    runs.two.push(await measurePages(two, SECONDS));
  }
  const each = (list: Figures[]) => list.map((run) => run.perSec.toFixed(0)).join(", ");
  console.log(`  runs in turns: ${one.label} ${each(runs.one)}; ${two.label} ${each(runs.two)} req/s`);
  const figures = (list: Figures[]) => ({
    perSec: mean(list, "perSec"),
    cpuMsPerThousand: mean(list, "cpuMsPerThousand"),
  });
  const [first, second] = [figures(runs.one), figures(runs.two)];
  console.log(
    `  CPU per 1,000 pages: ${first.cpuMsPerThousand.toFixed(0)} ms with 1, ` +
      `${second.cpuMsPerThousand.toFixed(0)} ms with 2`,
  );
  return { one: first, two: second, ratio: second.perSec / first.perSec };
}

/** What this machine allows: node:http sending the same bytes as one process and as two workers. */
async function measureCeiling(sample: Buffer, contentType: string, workDir: string) {
  const bodyFile = join(workDir, "page.html");
  await writeFile(bodyFile, sample);
  const start = (workers: number) =>
    spawnChildServer<Announcement>(fileURLToPath(new URL("./lib/serve-bare.ts", import.meta.url)), {
      label: `bare ${workers}`,
      args: ["--body", bodyFile, "--content-type", contentType, "--workers", String(workers)],
      nodeArgs: profilingNodeArgs(),
    });
  const [one, two] = [await start(1), await start(2)];
  try {
    return await pagesInTurns(
      { label: "bare node:http, 1 process", url: `${one.info.url}/`, pid: one.pid },
      { label: "bare node:http, 2 workers", url: `${two.info.url}/`, pid: two.pid },
    );
  } finally {
    await Promise.all([one.stop(), two.stop()]);
  }
}

const readerTags = "abcdefghijklmnopqrstuvwxyz"[Symbol.iterator]();
const nextReaderTag = () => readerTags.next().value ?? "z";

/**
 * Votes at full speed from distinct readers, after a short unmeasured run that starts every worker's
 * vote writer thread (each starts on its first vote); returns votes acknowledged per second.
 */
async function measureVotes(server: Server, secret: string, workDir: string): Promise<Figures> {
  const api = await firstArticleVotesApi(server.base);
  const slug = /articles\/([^/]+)\/votes/.exec(api)?.[1] ?? "";
  const load = { url: server.base, slug, secret, connections: VOTE_CONNECTIONS, workDir };
  await runVoteLoad({ ...load, seconds: WARM_UP_SECONDS, readerTag: nextReaderTag() });
  const pid = server.process.pid ?? 0;
  const before = processTreeCpuSeconds(pid);
  const run = await runVoteLoad({ ...load, seconds: SECONDS, readerTag: nextReaderTag() });
  const cpuSeconds = processTreeCpuSeconds(pid) - before;
  // Reported, not fatal: failures under load are part of what this benchmark is for.
  for (const problem of voteLoadProblems(server.label, run)) console.log(`  ${problem}`);
  return {
    perSec: run.acknowledgedPerSec,
    cpuMsPerThousand: (cpuSeconds * 1e6) / Math.max(1, run.acknowledged.total),
  };
}

const load = () =>
  loadavg()
    .map((average) => average.toFixed(2))
    .join(", ");

runBounded("bench:scale-out", 30 * 60_000, async () => {
  assertWrkInstalled();
  const workDir = await mkdtemp(join(tmpdir(), "masthead-scale-"));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  console.log(`load average at start: ${load()}; ${availableParallelism()} cores`);
  const sites: Site[] = [{ label: "SQLite", databaseUrl: `sqlite:${join(workDir, "scale.db")}` }];
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (postgresUrl) sites.push(await postgresSite(postgresUrl));
  const results: Record<string, unknown> = {};
  let ceiling: Awaited<ReturnType<typeof measureCeiling>> | undefined;
  for (const site of sites) {
    try {
      const secret = await seedSite(site.databaseUrl, join(workDir, "media"));
      const one = await startApp(site, 1, workDir);
      const two = await startApp(site, 2, workDir);
      const slug = /articles\/([^/]+)\/votes/.exec(await firstArticleVotesApi(one.base))?.[1] ?? "";
      if (!ceiling) {
        const sample = await httpGetOk(`${one.base}/${slug}/`);
        ceiling = await measureCeiling(sample.body, sample.contentType, workDir);
        console.log(
          `ceiling: bare node:http ${ceiling.one.perSec.toFixed(0)} → ${ceiling.two.perSec.toFixed(0)} req/s ` +
            `(×${ceiling.ratio.toFixed(2)} is what a second process can add on this machine now` +
            `${ceiling.ratio < TARGET_PAGE_RATIO ? `, below the ${TARGET_PAGE_RATIO} target` : ""})`,
        );
      }
      const pages = await pagesInTurns(
        { label: one.label, url: `${one.base}/${slug}/`, pid: one.process.pid ?? 0 },
        { label: two.label, url: `${two.base}/${slug}/`, pid: two.process.pid ?? 0 },
      );
      const votesOne = await measureVotes(one, secret, workDir);
      const votesTwo = await measureVotes(two, secret, workDir);
      await Promise.all([stopApp(one.process), stopApp(two.process)]);
      const voteRatio = votesTwo.perSec / votesOne.perSec;
      console.log(
        `${site.label}: article page ${pages.one.perSec.toFixed(0)} → ${pages.two.perSec.toFixed(0)} req/s ` +
          `(×${pages.ratio.toFixed(2)}, target ≥ ${TARGET_PAGE_RATIO}, ceiling ×${ceiling.ratio.toFixed(2)}); ` +
          `votes ${votesOne.perSec.toFixed(0)} → ${votesTwo.perSec.toFixed(0)}/s (×${voteRatio.toFixed(2)}; ` +
          `CPU per 1,000 votes ${votesOne.cpuMsPerThousand.toFixed(0)} → ${votesTwo.cpuMsPerThousand.toFixed(0)} ms)`,
      );
      results[site.label] = { pages, votes: { one: votesOne, two: votesTwo, ratio: voteRatio } };
    } finally {
      await site.dropDatabase?.();
    }
  }
  console.log(`load average at end: ${load()}`);
  const file = await writeResults("scale-out", {
    machine: machineInfo(),
    seconds: SECONDS,
    schedulingPolicy: process.env.NODE_CLUSTER_SCHED_POLICY ?? "rr",
    loadAverageAtEnd: loadavg(),
    ceiling,
    results,
  });
  console.log(`Results: ${file}`);
});
