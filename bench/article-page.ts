/**
 * Article page throughput against a bare node:http server sending the very same bytes: the ratio
 * says how much of the machine the app's own work costs. Each server runs in its own child process
 * and the load comes from wrk (bench/lib/wrk.ts), so no server shares an event loop with the load.
 *
 * A second case does the same for an article with 2,000 approved comments (BENCH_COMMENTS sets the
 * number; 0 skips the case): its thread is a cached fragment, so the target is the same kind of
 * ratio on a much larger page (COMMENTS_TARGET_RATIO).
 *
 * BENCH_SECONDS (default 10, at least 1) sets the measured duration. BENCH_CPU_PROF=1 writes a CPU
 * profile of every server process to .bench/profiles/. BENCH_BREAKDOWN=1 also measures Fastify
 * serving the same bytes, without and with the app's security headers, to show where the gap is.
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Announcement, spawnChildServer } from "./lib/child-server.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { httpGetOk } from "./lib/http-get.js";
import { type LoadOptions, type LoadSummary, measureInTurns, warmUpAndMeasure } from "./lib/load.js";
import { profilingNodeArgs, readSeconds } from "./lib/options.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const CONNECTIONS = 32;
const WARM_UP_SECONDS = 2;
const TARGET_RATIO = 0.5;
const COMMENTS_TARGET_RATIO = 0.3;
const COMMENT_COUNT = Number(process.env.BENCH_COMMENTS ?? "2000");
/** App and bare each measured this many times, in turns. */
const TURNS = 2;
// Generous room for migrating, seeding (it generates images) and process start-up.
const STARTUP_ALLOWANCE_SECONDS = 20;

const libScript = (name: string) => fileURLToPath(new URL(`./lib/${name}`, import.meta.url));

interface ArticleSample {
  path: string;
  contentType: string;
  body: Buffer;
}

/** The first article card on the home page; fetching it also renders and caches it once. */
async function pickArticle(appUrl: string): Promise<ArticleSample> {
  const home = await httpGetOk(`${appUrl}/`);
  const match = /<h2[^>]*class="card-title"[^>]*>\s*<a href="(\/[^"]+\/)"/.exec(home.body.toString("utf8"));
  if (!match?.[1]) throw new Error('no article card (<h2 class="card-title"><a href=…>) on the home page');
  const article = await httpGetOk(`${appUrl}${match[1]}`);
  return { path: match[1], contentType: article.contentType, body: article.body };
}

/** Starts a fixed-response server on the article's bytes and checks it really serves them. */
async function startFixedServer(
  label: string,
  script: string,
  bodyFile: string,
  sample: ArticleSample,
  extraArgs: string[] = [],
): Promise<Announcement> {
  const server = await spawnChildServer<Announcement>(libScript(script), {
    label,
    args: ["--body", bodyFile, "--content-type", sample.contentType, ...extraArgs],
    nodeArgs: profilingNodeArgs(),
  });
  const check = await httpGetOk(`${server.info.url}/`);
  if (!check.body.equals(sample.body) || check.contentType !== sample.contentType)
    throw new Error(`${label} does not serve the article's exact bytes and content-type`);
  return server.info;
}

const perSec = (summary: LoadSummary) => `${Math.round(summary.requestsPerSec)} req/s`;
const latencies = (summary: LoadSummary) => `p50 ${summary.latencyP50Ms} ms, p99 ${summary.latencyP99Ms} ms`;

interface Comparison {
  app: LoadSummary[];
  bare: LoadSummary[];
  appPerSec: number;
  barePerSec: number;
  ratio: number;
}

/** The app and the bare server on the same path, measured in turns (see measureInTurns). */
async function compareWithBare(
  labels: { app: string; bare: string },
  urls: { app: string; bare: string },
  load: Omit<LoadOptions, "url"> & { warmUpSeconds: number },
): Promise<Comparison> {
  const measured = await measureInTurns(
    { label: labels.app, url: urls.app },
    { label: labels.bare, url: urls.bare },
    { ...load, turns: TURNS },
  );
  const { a: app, b: bare, aPerSec: appPerSec, bPerSec: barePerSec } = measured;
  return { app, bare, appPerSec, barePerSec, ratio: appPerSec / barePerSec };
}

function report(label: string, comparison: Comparison, target: number): void {
  const { app, bare, appPerSec, barePerSec, ratio } = comparison;
  const each = (runs: LoadSummary[]) => runs.map(perSec).join(", ");
  console.log(
    `${label}: ${Math.round(appPerSec)} req/s = ${ratio.toFixed(2)} x bare node:http (${Math.round(barePerSec)} req/s)`,
  );
  console.log(`runs in turns: app ${each(app)}; bare ${each(bare)}`);
  console.log(
    `latency (last run): app ${latencies(app.at(-1) as LoadSummary)}; bare ${latencies(bare.at(-1) as LoadSummary)}`,
  );
  console.log(`target ${target}: ${ratio >= target ? "met" : "NOT met"}`);
}

/** Fastify alone, then with the app's security headers, on the same bytes: what each adds to the gap. */
async function measureBreakdown(
  bodyFile: string,
  sample: ArticleSample,
  load: Omit<LoadOptions, "url"> & { warmUpSeconds: number },
  bare: LoadSummary,
): Promise<Record<string, LoadSummary>> {
  const variants = { fastify: [], fastifyHeaders: ["--security-headers"] } satisfies Record<string, string[]>;
  const results: Record<string, LoadSummary> = {};
  for (const [label, args] of Object.entries(variants)) {
    const server = await startFixedServer(label, "serve-fastify.ts", bodyFile, sample, args);
    const summary = await warmUpAndMeasure(label, { ...load, url: `${server.url}${sample.path}` });
    const ratio = summary.requestsPerSec / bare.requestsPerSec;
    console.log(`  ${label}: ${perSec(summary)} = ${ratio.toFixed(2)} x bare`);
    results[label] = summary;
  }
  return results;
}

async function main(seconds: number): Promise<void> {
  assertWrkInstalled();
  const tmp = await mkdtemp(join(tmpdir(), "masthead-bench-"));
  onCleanup(() => rm(tmp, { recursive: true, force: true }));

  const app = await spawnChildServer<Announcement>(libScript("serve-demo.ts"), {
    label: "app",
    args: [tmp],
    nodeArgs: profilingNodeArgs(),
  });
  const sample = await pickArticle(app.info.url);
  const bodyFile = join(tmp, "article.html");
  await writeFile(bodyFile, sample.body);
  const bare = await startFixedServer("bare", "serve-bare.ts", bodyFile, sample);

  const load = { seconds, connections: CONNECTIONS, warmUpSeconds: WARM_UP_SECONDS };
  // One at a time, so the server being measured has a core to itself; the other one idles.
  const urls = { app: `${app.info.url}${sample.path}`, bare: `${bare.url}${sample.path}` };
  const page = await compareWithBare({ app: "app", bare: "bare" }, urls, load);
  const { ratio } = page;

  report("article page", page, TARGET_RATIO);
  const comments = COMMENT_COUNT > 0 ? await measureCommentedArticle(tmp, load) : undefined;
  const breakdown =
    process.env.BENCH_BREAKDOWN === "1"
      ? await measureBreakdown(bodyFile, sample, load, page.bare.at(-1) as LoadSummary)
      : {};
  await writeResults("article-page", {
    benchmark: "article-page",
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    article: { path: sample.path, contentType: sample.contentType, bytes: sample.body.length },
    ratio,
    target: TARGET_RATIO,
    targetMet: ratio >= TARGET_RATIO,
    app: page.app,
    bare: page.bare,
    ...breakdown,
    ...(comments ? { withComments: comments } : {}),
  });
}

/** The same measurement on the newest article after COMMENT_COUNT approved comments, in its own app process. */
async function measureCommentedArticle(
  tmp: string,
  load: Omit<LoadOptions, "url"> & { warmUpSeconds: number },
) {
  const dataDir = join(tmp, "commented");
  const app = await spawnChildServer<Announcement>(libScript("serve-demo.ts"), {
    label: "app-comments",
    args: [dataDir, "--comments", String(COMMENT_COUNT)],
    nodeArgs: profilingNodeArgs(),
  });
  const sample = await pickArticle(app.info.url);
  const shown = (sample.body.toString("utf8").match(/<li class="comment"/g) ?? []).length;
  if (shown < COMMENT_COUNT) throw new Error(`the article shows ${shown} comments, not ${COMMENT_COUNT}`);
  const bodyFile = join(tmp, "commented.html");
  await writeFile(bodyFile, sample.body);
  const bare = await startFixedServer("bare-comments", "serve-bare.ts", bodyFile, sample);
  const urls = { app: `${app.info.url}${sample.path}`, bare: `${bare.url}${sample.path}` };
  const page = await compareWithBare({ app: "app-comments", bare: "bare-comments" }, urls, load);
  const { ratio } = page;
  report(`article with ${COMMENT_COUNT} comments (${sample.body.length} bytes)`, page, COMMENTS_TARGET_RATIO);
  return {
    comments: COMMENT_COUNT,
    article: { path: sample.path, bytes: sample.body.length },
    ratio,
    target: COMMENTS_TARGET_RATIO,
    targetMet: ratio >= COMMENTS_TARGET_RATIO,
    app: page.app,
    bare: page.bare,
  };
}

const seconds = readSeconds(process.env.BENCH_SECONDS);
const measuredServers = (process.env.BENCH_BREAKDOWN === "1" ? 4 : 2) + (COMMENT_COUNT > 0 ? 2 : 0);
const expectedSeconds = 2 * STARTUP_ALLOWANCE_SECONDS + measuredServers * (WARM_UP_SECONDS + TURNS * seconds);
runBounded("bench:article-page", 3 * expectedSeconds * 1000, () => main(seconds));
