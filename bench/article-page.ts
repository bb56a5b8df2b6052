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
import { type LoadOptions, type LoadSummary, warmUpAndMeasure } from "./lib/load.js";
import { profilingNodeArgs, readSeconds } from "./lib/options.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const CONNECTIONS = 32;
const WARM_UP_SECONDS = 2;
const TARGET_RATIO = 0.5;
const COMMENTS_TARGET_RATIO = 0.3;
const COMMENT_COUNT = Number(process.env.BENCH_COMMENTS ?? "2000");
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

function report(label: string, app: LoadSummary, bare: LoadSummary, ratio: number, target: number): void {
  console.log(`${label}: ${perSec(app)} = ${ratio.toFixed(2)} x bare node:http (${perSec(bare)})`);
  console.log(`latency: app ${latencies(app)}; bare ${latencies(bare)}`);
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
  const appLoad = await warmUpAndMeasure("app", { ...load, url: `${app.info.url}${sample.path}` });
  const bareLoad = await warmUpAndMeasure("bare", { ...load, url: `${bare.url}${sample.path}` });
  const ratio = appLoad.requestsPerSec / bareLoad.requestsPerSec;

  report("article page", appLoad, bareLoad, ratio, TARGET_RATIO);
  const comments = COMMENT_COUNT > 0 ? await measureCommentedArticle(tmp, load) : undefined;
  const breakdown =
    process.env.BENCH_BREAKDOWN === "1" ? await measureBreakdown(bodyFile, sample, load, bareLoad) : {};
  await writeResults("article-page", {
    benchmark: "article-page",
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    article: { path: sample.path, contentType: sample.contentType, bytes: sample.body.length },
    ratio,
    target: TARGET_RATIO,
    targetMet: ratio >= TARGET_RATIO,
    app: appLoad,
    bare: bareLoad,
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
  const appLoad = await warmUpAndMeasure("app-comments", { ...load, url: `${app.info.url}${sample.path}` });
  const bareLoad = await warmUpAndMeasure("bare-comments", { ...load, url: `${bare.url}${sample.path}` });
  const ratio = appLoad.requestsPerSec / bareLoad.requestsPerSec;
  report(
    `article with ${COMMENT_COUNT} comments (${sample.body.length} bytes)`,
    appLoad,
    bareLoad,
    ratio,
    COMMENTS_TARGET_RATIO,
  );
  return {
    comments: COMMENT_COUNT,
    article: { path: sample.path, bytes: sample.body.length },
    ratio,
    target: COMMENTS_TARGET_RATIO,
    targetMet: ratio >= COMMENTS_TARGET_RATIO,
    app: appLoad,
    bare: bareLoad,
  };
}

const seconds = readSeconds(process.env.BENCH_SECONDS);
const measuredServers = (process.env.BENCH_BREAKDOWN === "1" ? 4 : 2) + (COMMENT_COUNT > 0 ? 2 : 0);
const expectedSeconds = 2 * STARTUP_ALLOWANCE_SECONDS + measuredServers * (WARM_UP_SECONDS + seconds);
runBounded("bench:article-page", 3 * expectedSeconds * 1000, () => main(seconds));
