/**
 * Every public page on a large archive beside the same page on the demo site, in the same run: the
 * ratios say what the archive's size costs. The large database (`seed-demo --scale 100k`, or
 * BENCH_SCALE=1m) is built once under .bench/scale/ and reused; the demo one (with 2,000 comments on
 * its newest article, as the large one has on a few) is built fresh. Not run in CI.
 *
 * For each page: cached throughput (wrk, the sides in turns, twice each; where the large side's body is
 * twice the demo's or more, bare node:http sending each side's bytes as well), the first-visit latency of
 * distinct URLs of that kind (p50 and p95 over up to BENCH_UNCACHED URLs, after a content change so
 * that the page cache answers none of them, not even the pages the server rendered while warming up),
 * timed by wrk on one connection (decision 0064) and, at the large archive, by the server itself (its
 * /metrics histogram, to the bucket: the client shares the machine's two cores, decision 0063), and
 * per server the time to ready, the first page view and the first vote after start, and the RSS after
 * the load; then a fresh server's RSS after the article-page load alone. Every server is `masthead
 * start` as an operator runs it: compiled, no tsx (which compiles TypeScript at start, about a second,
 * and adds about 90 MB). BENCH_SECONDS (default 5) sets each measured run.
 *
 * The large archive's article is measured a second time, after BENCH_SETTLE more first visits that are
 * not counted. V8 goes on re-optimising the render path (Kysely's builders are polymorphic) for the
 * first thousand or so distinct renders after start; a server in service is long past them. The first
 * figure is what a freshly started server pays, the second what it settles at (decision 0057).
 */

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { QUIET_CHECK_INTERVAL_MS } from "../src/core/quiet-collector.js";
import { SCALE_PRESETS } from "../src/features/demo/scale-seed.js";
import { demoWords } from "../src/features/demo/synthetic-articles.js";
import { markContentChanged } from "../src/storage/content-version.js";
import { openStorage } from "../src/storage/storage.js";
import {
  type Announcement,
  buildCompiledServer,
  type ChildServer,
  repoRoot,
  spawnChildServer,
  spawnCompiledServer,
} from "./lib/child-server.js";
import { timeFirstVisits } from "./lib/first-visits.js";
import { runBounded } from "./lib/guard.js";
import { httpGet, httpGetOk } from "./lib/http-get.js";
import { type LoadSummary, measureInTurns, warmUpAndMeasure } from "./lib/load.js";
import { readSeconds } from "./lib/options.js";
import { machineInfo, resultsDir, writeResults } from "./lib/results.js";
import { percentileBetween, readRequestDurations } from "./lib/server-metrics.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const CONNECTIONS = 32;
const WARM_UP_SECONDS = 1;
const UNCACHED_URLS = Number(process.env.BENCH_UNCACHED ?? "200");
/** Every server of the run answers /metrics with it: the first visits' own durations are read there. */
const METRICS_TOKEN = randomBytes(24).toString("base64url");
const SETTLE_VISITS = Number(process.env.BENCH_SETTLE ?? "1500");
const PRESET = (process.env.BENCH_SCALE ?? "100k") as keyof typeof SCALE_PRESETS;
const DEMO_COMMENTS = 2000;
/** Comments an "article" may have: the large archive averages about ten, a few have thousands. */
const EVERYDAY_THREAD = 50;
const CACHED_TARGET = 0.8;
/**
 * Measured runs per side and page, alternating A B A B: with one each, a drift on the machine during
 * one side's five seconds decided a ratio (the home page once read 0.78, and 0.93 to 1.30 otherwise).
 */
const CACHED_TURNS = 2;
/**
 * Pages asked for with Accept-Encoding: gzip, as the crawlers and feed readers that fetch them do; the
 * others as wrk asks by default, uncompressed, like bench:article-page.
 */
const FETCHED_COMPRESSED = new Set(["sitemap index", "child sitemap", "rss"]);
/** A page whose large body is this many times the demo's is also measured as bytes alone (bytesAlone). */
const BYTES_ALONE_FACTOR = 2;
/** Issue #18's bounds on the steady RSS after the article-page load, in MiB. */
const RSS_TARGET_MIB = { demo: 150, large: 200 };

const libScript = (name: string) => fileURLToPath(new URL(`./lib/${name}`, import.meta.url));
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

interface Site {
  label: string;
  database: string;
  media: string;
}

/** Runs the masthead command to completion, its progress shown as it goes. */
async function runCli(args: string[], site: Site): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${site.database}`,
      MEDIA_DIR: site.media,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`masthead ${args.join(" ")} failed (exit ${code})`);
}

/** The large archive, built once: a stamp file says it was finished. */
async function largeSite(): Promise<Site> {
  const dir = join(resultsDir, "scale");
  const site = { label: PRESET, database: join(dir, `${PRESET}.db`), media: join(dir, `media-${PRESET}`) };
  const stamp = join(dir, `${PRESET}.json`);
  if (existsSync(stamp)) {
    console.log(`Reusing ${site.database} (${(await readFile(stamp, "utf8")).trim()})`);
    return site;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  await runCli(["seed-demo", "--scale", PRESET], site);
  const counts = SCALE_PRESETS[PRESET];
  await writeFile(stamp, `${JSON.stringify({ ...counts, seededSeconds: (Date.now() - started) / 1000 })}\n`);
  return site;
}

/** The demo site, fresh, with DEMO_COMMENTS comments on its newest article (serve-demo adds them). */
async function demoSite(): Promise<Site> {
  const dir = join(resultsDir, "scale", "demo");
  await rm(dir, { recursive: true, force: true });
  const seeding = await spawnChildServer<Announcement>(libScript("serve-demo.ts"), {
    label: "demo-seed",
    args: [dir, "--comments", String(DEMO_COMMENTS)],
    startupTimeoutMs: 180_000,
  });
  await seeding.stop();
  return { label: "demo", database: join(dir, "bench.db"), media: join(dir, "media") };
}

interface Pages {
  cached: Record<string, string>;
  uncached: Record<string, string[]>;
  /** Article URLs for the settled measure: first visited and not counted, then measured. */
  settled: { visited: string[]; measured: string[] };
}

/** The URLs to measure on a site, found in its database (read-only, beside the running server). */
function pagesOf(site: Site, now: number): Pages {
  const db = new SQLite(site.database, { readonly: true });
  try {
    const all = <T>(query: string, ...parameters: unknown[]) => db.prepare(query).all(...parameters) as T[];
    const visible = "status in ('published', 'scheduled') and published_at <= ? and kind = 'article'";
    const articlePaths = all<{ slug: string }>(
      `select slug from articles where ${visible} order by random() limit ?`,
      now,
      2 * UNCACHED_URLS + SETTLE_VISITS,
    ).map((row) => `/${row.slug}/`);
    const [commented] = all<{ slug: string }>(
      "select slug from articles join comment_counters on article_id = articles.id order by approved desc limit 1",
    );
    // The newest article with an everyday thread: the demo's newest has the 2,000 comments serve-demo
    // adds, and a few of the large archive's have as many, which would make "article" another page
    // with 2,000 comments (1.6 MB and more) on one side only.
    const [newest] = all<{ slug: string }>(
      `select slug from articles where ${visible} and id not in (select article_id from comment_counters where approved > ?) order by published_at desc, id desc limit 1`,
      now,
      EVERYDAY_THREAD,
    );
    const biggest = (table: string, link: string, column: string) =>
      all<{ slug: string; count: number }>(
        `select slug, count(*) as count from ${link} join ${table} on ${table}.id = ${link}.${column} group by slug order by count desc limit 1`,
      )[0] ?? { slug: "none", count: 0 };
    const perPage = 12;
    const [total] = all<{ count: number }>(`select count(*) as count from articles where ${visible}`, now);
    const pagesOfList = (base: string, count: number) =>
      distinctPages(Math.max(1, Math.ceil(count / perPage))).map((page) => `${base}?page=${page}`);
    const category = biggest("categories", "article_categories", "category_id");
    const tag = biggest("tags", "article_tags", "tag_id");
    const author = biggest("authors", "article_authors", "author_id");
    return {
      cached: {
        home: "/",
        article: `/${newest?.slug}/`,
        "article with the most comments": `/${commented?.slug}/`,
        section: `/category/${category.slug}/`,
        tag: `/tag/${tag.slug}/`,
        author: `/author/${author.slug}/`,
        top: "/top/",
        hot: "/hot/",
        search: "/search?q=river",
        "sitemap index": "/sitemap.xml",
        "child sitemap": "/sitemap-articles-1.xml",
        rss: "/rss.xml",
      },
      uncached: {
        article: articlePaths.slice(0, UNCACHED_URLS),
        "home ?page=N": pagesOfList("/", total?.count ?? 0),
        "section ?page=N": pagesOfList(`/category/${category.slug}/`, category.count),
        "tag ?page=N": pagesOfList(`/tag/${tag.slug}/`, tag.count),
        "author ?page=N": pagesOfList(`/author/${author.slug}/`, author.count),
        search: SEARCHED_WORDS.flatMap((word) => [`/search?q=${word}`, `/search?q=${word}&page=2`]),
      },
      settled: {
        visited: articlePaths.slice(UNCACHED_URLS, UNCACHED_URLS + SETTLE_VISITS),
        measured: articlePaths.slice(UNCACHED_URLS + SETTLE_VISITS),
      },
    };
  } finally {
    db.close();
  }
}

/** Words readers search for in the demo text, from the very common to the rare. */
const FAMILIAR_WORDS = [
  "river",
  "council",
  "harbour",
  "flood",
  "school",
  "budget",
  "festival",
  "housing",
  "vote",
  "water",
];
/** How many more words of the demo's vocabulary are searched, so that search's p95 rests on 100 visits. */
const MORE_WORDS = 40;

/**
 * The familiar words and MORE_WORDS others, spread evenly over the demo vocabulary's words of five
 * letters or more ranked by how often they occur (generated text draws from it): as many rare words
 * as common ones, each matching as many articles as it does in generated copy.
 */
const SEARCHED_WORDS = (() => {
  const counts = new Map<string, number>();
  for (const word of demoWords()) counts.set(word, (counts.get(word) ?? 0) + 1);
  const ranked = [...counts]
    .filter(([word]) => word.length >= 5 && !FAMILIAR_WORDS.includes(word))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([word]) => word);
  const step = ranked.length / MORE_WORDS;
  return [
    ...FAMILIAR_WORDS,
    ...Array.from({ length: MORE_WORDS }, (_, index) => ranked[Math.floor(index * step)] ?? ""),
  ];
})();

/** Up to UNCACHED_URLS distinct page numbers of a list of `last` pages, spread over all of it. */
function distinctPages(last: number): number[] {
  const count = Math.min(last, UNCACHED_URLS);
  return Array.from({ length: count }, (_, index) => 1 + Math.floor((index * last) / count));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * What the server process has read from the disk so far. This machine evicts file pages untouched for
 * a minute, so first visits to an archive's old articles often wait on the disk: this says how much.
 */
const diskReadBytes = async (pid: number) =>
  Number(/read_bytes:\s+(\d+)/.exec(await readFile(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);

/** First visits, one at a time, in order: each URL is new to the page cache. */
async function firstVisits(server: ChildServer<Announcement>, paths: string[]) {
  const durationsBefore = await readRequestDurations(server.info.url, METRICS_TOKEN);
  const readBefore = await diskReadBytes(server.pid);
  const times = await timeFirstVisits(server.info.url, paths);
  const diskKiBPerVisit = ((await diskReadBytes(server.pid)) - readBefore) / 1024 / Math.max(1, paths.length);
  const durationsAfter = await readRequestDurations(server.info.url, METRICS_TOKEN);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: times.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    serverP95: percentileBetween(durationsBefore, durationsAfter, 0.95),
    diskKiBPerVisit,
  };
}

/** The first page view and the first vote of a freshly started server, timed from outside. */
async function firstRequests(origin: string, articlePath: string) {
  const timed = async (run: () => Promise<{ status: number }>) => {
    const started = process.hrtime.bigint();
    const response = await run();
    if (response.status >= 300) throw new Error(`first request answered ${response.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const page = await timed(() => httpGet(`${origin}${articlePath}`));
  const api = `${origin}/api/v1/articles${articlePath.slice(0, -1)}/votes`;
  const cookie = (await fetch(api)).headers.get("set-cookie")?.split(";")[0] ?? "";
  const vote = await timed(() =>
    fetch(api, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin },
      body: JSON.stringify({ value: 1 }),
    }),
  );
  return { page, vote };
}

const rssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};

interface SideResult {
  server: ChildServer<Announcement>;
  /** From spawning node to the server's "running" line. */
  readyMs: number;
  pages: Pages;
  first: { page: number; vote: number };
}

/** `masthead start`, compiled, on the site's database. */
const startCompiled = (site: Site, label = site.label) =>
  spawnCompiledServer({
    label,
    env: { DATABASE_URL: `sqlite:${site.database}`, MEDIA_DIR: site.media, METRICS_TOKEN },
  });

async function start(site: Site): Promise<SideResult> {
  const spawned = performance.now();
  const server = await startCompiled(site);
  const readyMs = performance.now() - spawned;
  const pages = pagesOf(site, Date.now());
  const first = await firstRequests(server.info.url, pages.cached.article ?? "/");
  return { server, readyMs, pages, first };
}

/** A content change, as an editor's save makes: every page the server has kept goes stale. */
async function changeContent(site: Site): Promise<void> {
  const storage = openStorage({ dialect: "sqlite", path: site.database });
  try {
    await markContentChanged(storage.db);
  } finally {
    await storage.close();
  }
}

/**
 * On Node 24, V8 keeps the pages a full collection freed in a pool and unmaps them later, at a collection
 * of its own: the RSS fell 5–15 s after the heap did (decision 0062). Node 20 unmaps them at once.
 */
const V8_POOL_RELEASE_MS = 15_000;

/**
 * How long an idle server takes to give back what the load made it grow: the quiet collector's young
 * collection at its first quiet look and its full one at the next (decision 0056), with a look to spare,
 * then V8's release of the freed pages.
 */
const SETTLE_MS = 4 * QUIET_CHECK_INTERVAL_MS + V8_POOL_RELEASE_MS;

/**
 * The RSS an operator's server settles at after the article-page load: `masthead start` compiled, on
 * the site's database, the article page loaded as bench:article-page does, RSS read once it has been
 * idle for SETTLE_MS.
 */
async function compiledRss(site: Site, articlePath: string, seconds: number): Promise<number> {
  const server = await startCompiled(site, `${site.label} fresh`);
  try {
    await warmUpAndMeasure(`${site.label} compiled article`, {
      url: `${server.info.url}${articlePath}`,
      seconds,
      connections: CONNECTIONS,
      warmUpSeconds: WARM_UP_SECONDS,
    });
    await sleep(SETTLE_MS);
    return await rssMb(server.pid);
  } finally {
    await server.stop();
  }
}

const fixed = (value: number) => value.toFixed(value < 10 ? 1 : 0);
const showVisits = (figures: { p50: number; p95: number; count: number }) =>
  `${fixed(figures.p50)}/${fixed(figures.p95)} (${figures.count})`;

interface CachedFigures {
  demo: LoadSummary[];
  large: LoadSummary[];
  ratio: number;
  /** The same ratio for node:http sending each side's bytes, where the large side's are many more. */
  bytesAloneRatio?: number;
}

/** Each page's cached throughput on both sides, in turns, and their ratio. */
async function measureCached(sides: Record<"demo" | "large", SideResult>, seconds: number) {
  const cached: Record<string, CachedFigures> = {};
  console.log(
    "\ncached (wrk req/s)                         demo      large   ratio   same bytes, bare node:http",
  );
  for (const [page, demoPath] of Object.entries(sides.demo.pages.cached)) {
    const urls = {
      demo: `${sides.demo.server.info.url}${demoPath}`,
      large: `${sides.large.server.info.url}${sides.large.pages.cached[page] ?? demoPath}`,
    };
    const load: Parameters<typeof measureInTurns>[2] = {
      seconds,
      connections: CONNECTIONS,
      warmUpSeconds: WARM_UP_SECONDS,
      turns: CACHED_TURNS,
      headers: FETCHED_COMPRESSED.has(page) ? { "Accept-Encoding": "gzip" } : {},
    };
    const measured = await measureInTurns(
      { label: `demo ${page}`, url: urls.demo },
      { label: `large ${page}`, url: urls.large },
      load,
    );
    const ratio = measured.bPerSec / measured.aPerSec;
    const bytesAloneRatio = await bytesAlone(page, urls, load);
    cached[page] = { demo: measured.a, large: measured.b, ratio, bytesAloneRatio };
    const verdict = ratio >= CACHED_TARGET ? "" : `  below ${CACHED_TARGET}`;
    console.log(
      `${page.padEnd(40)} ${Math.round(measured.aPerSec).toString().padStart(7)} ${Math.round(measured.bPerSec).toString().padStart(10)} ${ratio.toFixed(2).padStart(7)} ${(bytesAloneRatio?.toFixed(2) ?? "").padStart(28)}${verdict}`,
    );
  }
  return cached;
}

/**
 * Where the large side's body is BYTES_ALONE_FACTOR times the demo's or more, the ratio of node:http
 * sending each side's exact bytes and nothing else, measured the same way: the share of the page's ratio
 * owed to sending more bytes, which no server avoids (decision 0064).
 */
async function bytesAlone(
  page: string,
  urls: Record<"demo" | "large", string>,
  load: Parameters<typeof measureInTurns>[2],
): Promise<number | undefined> {
  const bodies = {
    demo: await httpGetOk(urls.demo, load.headers ?? {}),
    large: await httpGetOk(urls.large, load.headers ?? {}),
  };
  if (bodies.large.body.length < BYTES_ALONE_FACTOR * bodies.demo.body.length) return undefined;
  const serve = async (side: "demo" | "large") => {
    const file = join(resultsDir, "scale", `bytes-alone-${side}.body`);
    await writeFile(file, bodies[side].body);
    return spawnChildServer<Announcement>(libScript("serve-bare.ts"), {
      label: `bare ${side} ${page}`,
      args: ["--body", file, "--content-type", bodies[side].contentType],
    });
  };
  const bare = { demo: await serve("demo"), large: await serve("large") };
  try {
    const measured = await measureInTurns(
      { label: `bare demo ${page}`, url: `${bare.demo.info.url}/` },
      { label: `bare large ${page}`, url: `${bare.large.info.url}/` },
      load,
    );
    return measured.bPerSec / measured.aPerSec;
  } finally {
    await Promise.all([bare.demo.stop(), bare.large.stop()]);
  }
}

async function main(seconds: number): Promise<void> {
  assertWrkInstalled();
  buildCompiledServer();
  const large = await largeSite();
  const demo = await demoSite();
  const sides = { demo: await start(demo), large: await start(large) };
  console.log("\nstart-up and first requests (ms)          demo      large");
  for (const [label, pick] of [
    ["ready, from spawning node", (side: SideResult) => side.readyMs],
    ["first article page view", (side: SideResult) => side.first.page],
    ["first vote", (side: SideResult) => side.first.vote],
  ] as const) {
    console.log(
      `${label.padEnd(40)} ${fixed(pick(sides.demo)).padStart(7)} ${fixed(pick(sides.large)).padStart(10)}`,
    );
  }

  const cached = await measureCached(sides, seconds);
  const rss = { demo: await rssMb(sides.demo.server.pid), large: await rssMb(sides.large.server.pid) };
  console.log(
    `${"RSS after the cached runs (MiB)".padEnd(40)} ${String(rss.demo).padStart(7)} ${String(rss.large).padStart(10)}`,
  );

  const uncached: Record<string, unknown> = {};
  await Promise.all([changeContent(demo), changeContent(large)]);
  console.log(
    "\nuncached first visits (ms)        demo p50/p95 (n)      large p50/p95 (n)   p95 ratio   large: disk KiB/visit   large: server's p95",
  );
  for (const [kind, demoPaths] of Object.entries(sides.demo.pages.uncached)) {
    const demoFigures = await firstVisits(sides.demo.server, demoPaths);
    const largeFigures = await firstVisits(sides.large.server, sides.large.pages.uncached[kind] ?? []);
    uncached[kind] = { demo: demoFigures, large: largeFigures };
    console.log(
      `${kind.padEnd(32)} ${showVisits(demoFigures).padStart(18)} ${showVisits(largeFigures).padStart(22)} ${(largeFigures.p95 / demoFigures.p95).toFixed(2).padStart(10)} ${fixed(largeFigures.diskKiBPerVisit).padStart(23)} ${`≤ ${largeFigures.serverP95}`.padStart(21)}`,
    );
  }
  const { visited, measured } = sides.large.pages.settled;
  await firstVisits(sides.large.server, visited);
  const settled = await firstVisits(sides.large.server, measured);
  uncached["article, settled"] = { large: settled, after: visited.length };
  console.log(
    `${`article, ${visited.length} visits later`.padEnd(32)} ${"".padStart(18)} ${showVisits(settled).padStart(22)} ${"".padStart(10)} ${fixed(settled.diskKiBPerVisit).padStart(23)} ${`≤ ${settled.serverP95}`.padStart(21)}`,
  );
  console.log(
    `\n${"RSS after the article-page load alone, fresh server (MiB)".padEnd(55)} ${"demo".padStart(7)} ${"large".padStart(10)}`,
  );
  const compiled = {
    demo: await compiledRss(demo, sides.demo.pages.cached.article ?? "/", seconds),
    large: await compiledRss(large, sides.large.pages.cached.article ?? "/", seconds),
  };
  const verdict = (side: keyof typeof compiled) =>
    compiled[side] <= RSS_TARGET_MIB[side] ? "" : ` (over ${RSS_TARGET_MIB[side]})`;
  console.log(
    `${"".padEnd(55)} ${`${compiled.demo}${verdict("demo")}`.padStart(7)} ${`${compiled.large}${verdict("large")}`.padStart(10)}`,
  );
  await writeResults("scale", {
    benchmark: "scale",
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    preset: PRESET,
    startup: {
      demo: { readyMs: sides.demo.readyMs, first: sides.demo.first },
      large: { readyMs: sides.large.readyMs, first: sides.large.first },
    },
    cached,
    rss,
    compiledRss: compiled,
    uncached,
  });
}

const seconds = readSeconds(process.env.BENCH_SECONDS ?? "5");
// Seeding 100k takes minutes the first time; then 12 pages on two servers, and the first visits.
const boundMs = (30 * 60 + 12 * 2 * (WARM_UP_SECONDS + CACHED_TURNS * seconds) + 600) * 1000;
runBounded("bench:scale", boundMs, () => main(seconds));
