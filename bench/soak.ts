/**
 * A long run at a steady, fixed request rate (not the most the app can take): page views of the
 * home page, list pages and several articles, votes from distinct readers on those articles, and now
 * and then a guest comment through the real comment form, against `masthead start` compiled, as an
 * operator runs it. Every SOAK_SAMPLE_SECONDS (default 10) it prints the server's RSS (VmRSS from
 * /proc), its V8 heap, young generation and old space in use (from its /metrics), the p99 latency,
 * requests, errors and the server's CPU of that window; at the end the least-squares slope of RSS
 * (and of p99) over the second half of the run and a verdict: flat when RSS grows by less than
 * FLAT_MIB_PER_HOUR. Then the votes and comments stored must be exactly the acknowledged ones. Not
 * run in CI.
 *
 * Before the measured run, a warm-up at SOAK_WARM_UP_RATE drives the server until V8 has grown its
 * young generation to the ceiling its --max-semi-space-size sets. Any steady traffic gets it there
 * in the end, in doublings a slow load spreads over half an hour; a doubling inside the fitted half
 * would read as growth that stops at a bound set by configuration (decision 0059).
 *
 * SOAK_MINUTES (default 30), SOAK_RATE (requests per second, default 100), SOAK_WARM_UP_RATE
 * (default 1,000), SOAK_DATABASE (an existing SQLite file, e.g. .bench/scale/100k.db from
 * bench:scale, soaked in a copy; default a fresh demo site). The load comes from this process
 * (bench/lib/steady-load.ts, docs/decisions/0049).
 */

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { commentCheck } from "../src/features/comments/comment.integrity.js";
import { stampForm } from "../src/features/comments/form-stamp.js";
import { getSiteSecret } from "../src/features/settings/settings.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import type { Db } from "../src/storage/storage.js";
import { openStorage } from "../src/storage/storage.js";
import {
  type Announcement,
  buildCompiledServer,
  SERVER_NODE_FLAGS,
  spawnChildServer,
  spawnCompiledServer,
} from "./lib/child-server.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { httpGetOk } from "./lib/http-get.js";
import { openCommentLimits, openVoteLimits } from "./lib/open-limits.js";
import { processTreeCpuSeconds } from "./lib/process-cpu.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { type HeapFigures, readHeapFigures, youngGenerationCapMiB } from "./lib/server-metrics.js";
import { SteadyLoad, type SteadyRequest, type WindowFigures } from "./lib/steady-load.js";
import { checkCounts, readTally, type VoteTally } from "./lib/vote-check.js";
import { type CastValue, valueOfVote, voterCookie, voterId } from "./lib/vote-load.js";

/** Below this RSS growth over the second half (MiB per hour) the run counts as flat. */
const FLAT_MIB_PER_HOUR = 16;
/** Fewer samples in the second half give a slope that is only noise (one GC moves RSS by tens of MiB): no verdict. */
const SAMPLES_FOR_VERDICT = 20;
/** One request in VOTE_EVERY is a vote. */
const VOTE_EVERY = 5;
const COMMENTS_PER_MINUTE = 6;
const MAX_IN_FLIGHT = 256;
const ARTICLES = 6;
const CATEGORIES = 3;
// Migrating and seeding the demo site, or migrating a large copied archive, and warming up.
const STARTUP_ALLOWANCE_SECONDS = 120;
/** The warm-up stops here even if the young generation has not reached its ceiling (the run says so). */
const WARM_UP_LIMIT_SECONDS = 600;
const WARM_UP_CHECK_SECONDS = 5;
const COMMENTER_DOMAIN = "soak.example.org";

function readPositive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0) return value;
  console.error(`${name} must be a positive number, not "${raw}"`);
  process.exit(1);
}

const libScript = (name: string) => fileURLToPath(new URL(`./lib/${name}`, import.meta.url));

interface Site {
  database: string;
  media: string;
}

/** The site to soak, with vote and comment limits opened: a fresh demo site, or a copy of SOAK_DATABASE. */
async function prepareSite(workDir: string): Promise<Site> {
  const source = process.env.SOAK_DATABASE;
  if (!source) {
    // serve-demo seeds the demo site and opens the limits; it stops once it has.
    const seeding = await spawnChildServer<Announcement>(libScript("serve-demo.ts"), {
      label: "demo-seed",
      args: [workDir, "--open-vote-limits", "--open-comment-limits"],
    });
    await seeding.stop();
    return { database: join(workDir, "bench.db"), media: join(workDir, "media") };
  }
  const site = { database: join(workDir, basename(source)), media: join(workDir, "media") };
  await copyFile(source, site.database);
  await mkdir(site.media, { recursive: true });
  const storage = openStorage({ dialect: "sqlite", path: site.database });
  try {
    await migrateToLatest(storage);
    await openVoteLimits(storage.db);
    await openCommentLimits(storage.db);
  } finally {
    await storage.close();
  }
  return site;
}

/** The pages the load reads, found on the home page: list pages, categories and article pages. */
async function findPages(appUrl: string): Promise<{ lists: string[]; articles: string[] }> {
  const home = (await httpGetOk(`${appUrl}/`)).body.toString("utf8");
  const unique = (pattern: RegExp) => [
    ...new Set([...home.matchAll(pattern)].map((match) => match[1] ?? "")),
  ];
  const articles = unique(/class="card-title"><a href="\/([^"/?#]+)\/"/g).slice(0, ARTICLES);
  const categories = unique(/href="(\/category\/[^"/?#]+\/)"/g).slice(0, CATEGORIES);
  if (articles.length === 0) throw new Error('no article card (class="card-title") on the home page');
  return { lists: ["/", "/?page=2", "/top/", "/hot/", ...categories], articles };
}

const RSS_LINE = /^VmRSS:\s+(\d+) kB$/m;
function rssMiB(pid: number): number {
  const match = RSS_LINE.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

interface Sample extends WindowFigures, HeapFigures {
  elapsedSeconds: number;
  rssMiB: number;
  cpuPercent: number;
}

/** What was acknowledged, to be found stored exactly at the end. */
interface Acknowledged {
  votes: Map<string, Map<string, CastValue>>;
  comments: Set<number>;
}

/** The request schedule: a comment now and then, every VOTE_EVERY-th a vote, page views in between. */
function schedule(
  secret: string,
  pages: { lists: string[]; articles: string[] },
  rate: number,
  acked: Acknowledged,
) {
  const views = [...pages.lists, ...pages.articles.map((slug) => `/${slug}/`)];
  const commentEvery = Math.max(1, Math.round((rate * 60) / COMMENTS_PER_MINUTE));
  let votes = 0;
  let comments = 0;
  let viewed = 0;

  const vote = (): SteadyRequest => {
    const reader = votes++;
    const slug = pages.articles[reader % pages.articles.length] as string;
    const id = voterId("s", reader);
    const value = valueOfVote(reader);
    return {
      kind: "vote",
      method: "POST",
      path: `/api/v1/articles/${encodeURIComponent(slug)}/votes`,
      headers: { cookie: voterCookie(id, secret), "content-type": "application/json" },
      body: JSON.stringify({ value }),
      accept: (status, body) => {
        const answer = status === 200 ? (JSON.parse(body) as { held?: boolean; mine?: number }) : undefined;
        if (answer?.held !== false || answer.mine !== value) return false;
        acked.votes.get(slug)?.set(`anon:${id}`, value);
        return true;
      },
    };
  };

  const comment = (): SteadyRequest => {
    const n = comments++;
    const slug = pages.articles[0] as string;
    const form = new URLSearchParams({
      body: `Soak comment ${n}: a reader's point about the article, with a link to https://example.org/${n}.`,
      name: `Soak reader ${n}`,
      email: `reader${n}@${COMMENTER_DOMAIN}`,
      // Signed as shown five seconds ago: people take longer than MIN_FORM_MS to write.
      stamp: stampForm(secret, Date.now() - 5000),
    });
    return {
      kind: "comment",
      method: "POST",
      path: `/${slug}/comments`,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      accept: (status, body) => {
        if (status !== 200) return false;
        acked.comments.add((JSON.parse(body) as { id: number }).id);
        return true;
      },
    };
  };

  return (index: number): SteadyRequest => {
    if (index % commentEvery === commentEvery - 1) return comment();
    if (index % VOTE_EVERY === VOTE_EVERY - 1) return vote();
    const path = views[viewed++ % views.length] as string;
    return { kind: "page", method: "GET", path, accept: (status) => status === 200 };
  };
}

/** The comments this run's commenters left, against the acknowledged ones, and the counters against the rows. */
async function checkComments(db: Db, acknowledged: ReadonlySet<number>): Promise<string[]> {
  const rows = await db
    .selectFrom("comments")
    .select("id")
    .where("author_email", "like", `%@${COMMENTER_DOMAIN}`)
    .execute();
  const problems: string[] = [];
  if (rows.length !== acknowledged.size)
    problems.push(`${rows.length} soak comments stored, ${acknowledged.size} acknowledged`);
  const missing = [...acknowledged].filter((id) => !rows.some((row) => row.id === id)).length;
  if (missing > 0) problems.push(`${missing} acknowledged comments have no row`);
  return [...problems, ...(await commentCheck.problems(db))];
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const TABLE_HEADER = `${pad("elapsed", 8)} ${pad("RSS MiB", 8)} ${pad("heap", 6)} ${pad("young", 6)} ${pad("old used", 8)} ${pad("p99 ms", 8)} ${pad("requests", 8)} ${pad("errors", 7)} ${pad("shed", 5)} ${pad("CPU %", 6)}`;
const tableRow = (s: Sample) =>
  `${pad(`${s.elapsedSeconds}s`, 8)} ${pad(s.rssMiB.toFixed(1), 8)} ${pad(s.heapMiB.toFixed(0), 6)} ${pad(s.youngMiB.toFixed(0), 6)} ${pad(s.oldUsedMiB.toFixed(1), 8)} ${pad(s.latencyP99Ms.toFixed(1), 8)} ${pad(s.requests, 8)} ${pad(s.errors, 7)} ${pad(s.shed, 5)} ${pad(s.cpuPercent.toFixed(0), 6)}`;

interface Soaked {
  url: string;
  pid: number;
  metricsToken: string;
}

/**
 * Drives the server at the warm-up rate until V8 has grown its young generation to `capMiB`, or
 * until WARM_UP_LIMIT_SECONDS; the requests follow the measured run's schedule and are checked with it.
 */
async function warmUp(server: Soaked, next: (index: number) => SteadyRequest, rate: number, capMiB: number) {
  const load = new SteadyLoad({ url: server.url, requestsPerSec: rate, next, maxInFlight: MAX_IN_FLIGHT });
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 1000);
  load.start();
  let heap = await readHeapFigures(server.url, server.metricsToken);
  while (heap.youngMiB < capMiB && seconds() < WARM_UP_LIMIT_SECONDS) {
    await sleep(WARM_UP_CHECK_SECONDS * 1000);
    heap = await readHeapFigures(server.url, server.metricsToken);
    console.log(
      `warm-up at ${rate} req/s: ${seconds()} s, young generation ${heap.youngMiB.toFixed(0)} of ${capMiB} MiB, RSS ${rssMiB(server.pid).toFixed(1)} MiB`,
    );
  }
  await load.stop();
  return { load, seconds: seconds(), youngMiB: heap.youngMiB, reached: heap.youngMiB >= capMiB };
}

/** The votes and comments stored, against the acknowledged ones. */
async function storedProblems(
  url: string,
  db: Db,
  before: ReadonlyMap<string, VoteTally>,
  acked: Acknowledged,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [slug, readers] of acked.votes) {
    const counts = await checkCounts(url, db, slug, before.get(slug) as VoteTally, readers);
    problems.push(...counts.problems.map((problem) => `votes on ${slug}: ${problem}`));
  }
  return [...problems, ...(await checkComments(db, acked.comments))];
}

/**
 * Failed requests in either phase; requests shed in the measured run. The warm-up runs at ten times
 * the rate to grow the young generation, and a server that falls behind it for a moment (first
 * renders from a cold archive) sheds a few requests that were never sent: that is printed, not failed.
 */
function loadProblems(warmUp: SteadyLoad, measured: SteadyLoad): string[] {
  const problems: string[] = [];
  const failed = (phase: string, load: SteadyLoad, shedFails: boolean) => {
    for (const [kind, { errors, timeouts, shed }] of load.totals) {
      if (errors > 0 || (shed > 0 && shedFails))
        problems.push(
          `${phase} ${kind}: ${errors} errors (${timeouts} timed out: the app may still have carried them out), ${shed} shed`,
        );
      else if (shed > 0) console.log(`${phase}: ${shed} ${kind} requests shed`);
    }
  };
  failed("warm-up", warmUp, false);
  failed("measured", measured, true);
  return problems;
}

interface SoakOptions {
  minutes: number;
  sampleSeconds: number;
  rate: number;
  warmUpRate: number;
}

/** Samples the measured run every sampleSeconds, printing each sample as a table row. */
async function sampleRun(server: Soaked, load: SteadyLoad, { minutes, sampleSeconds }: SoakOptions) {
  const samples: Sample[] = [];
  let cpuBefore = processTreeCpuSeconds(server.pid);
  const samplesWanted = Math.max(1, Math.round((minutes * 60) / sampleSeconds));
  for (let n = 1; n <= samplesWanted; n++) {
    await sleep(sampleSeconds * 1000);
    const cpuNow = processTreeCpuSeconds(server.pid);
    const sample = {
      elapsedSeconds: n * sampleSeconds,
      rssMiB: rssMiB(server.pid),
      cpuPercent: ((cpuNow - cpuBefore) / sampleSeconds) * 100,
      ...(await readHeapFigures(server.url, server.metricsToken)),
      ...load.takeWindow(),
    };
    cpuBefore = cpuNow;
    samples.push(sample);
    console.log(tableRow(sample));
  }
  return samples;
}

async function main(options: SoakOptions): Promise<void> {
  const { minutes, rate, warmUpRate } = options;
  const capMiB = youngGenerationCapMiB(SERVER_NODE_FLAGS);
  if (capMiB === undefined) {
    console.error(
      "bench:soak needs --max-semi-space-size=N among the server's node flags (BENCH_NODE_FLAGS)",
    );
    process.exit(1);
  }
  buildCompiledServer();
  const workDir = await mkdtemp(join(tmpdir(), "masthead-soak-"));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  const site = await prepareSite(workDir);
  const metricsToken = randomBytes(24).toString("base64url");
  const spawned = await spawnCompiledServer({
    label: "app",
    env: { DATABASE_URL: `sqlite:${site.database}`, MEDIA_DIR: site.media, METRICS_TOKEN: metricsToken },
    startupTimeoutMs: STARTUP_ALLOWANCE_SECONDS * 1000,
  });
  onCleanup(() => spawned.stop());
  const server: Soaked = { url: spawned.info.url, pid: spawned.pid, metricsToken };
  const storage = openStorage({ dialect: "sqlite", path: site.database });
  onCleanup(() => storage.close());
  const secret = await getSiteSecret(storage.db);

  const pages = await findPages(server.url);
  const before = new Map<string, VoteTally>();
  for (const slug of pages.articles) before.set(slug, await readTally(server.url, storage.db, slug));
  const acked: Acknowledged = {
    votes: new Map(pages.articles.map((slug) => [slug, new Map()])),
    comments: new Set(),
  };
  const next = schedule(secret, pages, rate, acked);
  const warm = await warmUp(server, next, warmUpRate, capMiB);
  console.log(
    `soak: ${minutes} min at ${rate} req/s (1 in ${VOTE_EVERY} a vote, ${COMMENTS_PER_MINUTE} comments/min), ` +
      `${pages.lists.length} list pages and ${pages.articles.length} articles, server pid ${server.pid}; ` +
      `warmed up for ${warm.seconds} s, young generation ${warm.youngMiB.toFixed(0)} of ${capMiB} MiB`,
  );
  console.log(TABLE_HEADER);

  const load = new SteadyLoad({ url: server.url, requestsPerSec: rate, next, maxInFlight: MAX_IN_FLIGHT });
  const clientCpuBefore = process.cpuUsage();
  load.start();
  const samples = await sampleRun(server, load, options);
  await load.stop();
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6;

  const secondHalf = samples.filter((s) => s.elapsedSeconds > (minutes * 60) / 2);
  const perHour = (pick: (s: Sample) => number) =>
    slope(secondHalf.map((s) => ({ x: s.elapsedSeconds / 3600, y: pick(s) })));
  const rssSlope = perHour((s) => s.rssMiB);
  const outsideYoungSlope = perHour((s) => s.rssMiB - s.youngMiB);
  const oldUsedSlope = perHour((s) => s.oldUsedMiB);
  const p99Slope = perHour((s) => s.latencyP99Ms);
  const judged = secondHalf.length >= SAMPLES_FOR_VERDICT;
  const flat = rssSlope < FLAT_MIB_PER_HOUR;
  const verdict = !judged ? "too short to judge" : flat ? "flat" : "GROWING";

  const stored = await storedProblems(server.url, storage.db, before, acked);
  const problems = [...stored, ...loadProblems(warm.load, load)];
  const totals = {
    "warm-up": Object.fromEntries(warm.load.totals),
    measured: Object.fromEntries(load.totals),
  };
  const votesAcked = [...acked.votes.values()].reduce((sum, readers) => sum + readers.size, 0);

  console.log(
    `sent: ${Object.entries(totals.measured)
      .map(([kind, t]) => `${t.sent} ${kind}`)
      .join(", ")}; acknowledged ${votesAcked} votes and ${acked.comments.size} comments, warm-up included`,
  );
  if (!warm.reached)
    console.log(
      `the young generation had not reached its ceiling when the warm-up ended: a doubling may fall in the fitted half`,
    );
  console.log(
    `RSS slope over the second half: ${rssSlope.toFixed(1)} MiB/hour (${verdict}: ` +
      `the bound is ${FLAT_MIB_PER_HOUR} MiB/hour); p99 slope ${p99Slope.toFixed(1)} ms/hour`,
  );
  console.log(
    `RSS outside the young generation: ${outsideYoungSlope.toFixed(1)} MiB/hour; old space in use: ${oldUsedSlope.toFixed(1)} MiB/hour`,
  );
  console.log(`load generator CPU: ${clientCpuSeconds.toFixed(1)} s over ${minutes} min`);
  console.log(`votes and comments exact: ${stored.length === 0 ? "yes" : "NO"}`);

  await writeResults("soak", {
    benchmark: "soak",
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    ...options,
    database: process.env.SOAK_DATABASE ?? "demo",
    pages,
    warmUp: { seconds: warm.seconds, youngMiB: warm.youngMiB, capMiB, reached: warm.reached },
    rssSlopeMiBPerHour: rssSlope,
    outsideYoungSlopeMiBPerHour: outsideYoungSlope,
    oldUsedSlopeMiBPerHour: oldUsedSlope,
    p99SlopeMsPerHour: p99Slope,
    flat: { bound: FLAT_MIB_PER_HOUR, judged, met: flat },
    totals,
    acknowledged: { votes: votesAcked, comments: acked.comments.size },
    clientCpuSeconds,
    problems,
    samples,
  });
  if (problems.length > 0) throw new Error(`bench:soak failed:\n  ${problems.join("\n  ")}`);
  if (judged && !flat)
    throw new Error(`bench:soak: RSS grew ${rssSlope.toFixed(1)} MiB/hour over the second half`);
}

const minutes = readPositive("SOAK_MINUTES", 30);
const sampleSeconds = readPositive("SOAK_SAMPLE_SECONDS", 10);
const rate = readPositive("SOAK_RATE", 100);
const warmUpRate = readPositive("SOAK_WARM_UP_RATE", 1000);
runBounded(
  "bench:soak",
  (STARTUP_ALLOWANCE_SECONDS + WARM_UP_LIMIT_SECONDS + minutes * 60 * 1.2 + 60) * 1000,
  () => main({ minutes, sampleSeconds, rate, warmUpRate }),
);
