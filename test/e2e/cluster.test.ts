import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { findCounterDrift } from "../../src/features/votes/vote.repository.js";
import { openStorage } from "../../src/storage/storage.js";
import {
  castVotes,
  firstArticleVotesApi,
  freePort,
  startServerProcess,
  voterCookies,
} from "../helpers/server-process.js";

const run = promisify(execFile);

/**
 * The primary's children running this node binary: its workers, not the esbuild service tsx starts
 * when it compiles. Matched on the executable, not the process name: Node 24 names its main thread
 * "MainThread", which is what ps shows as the command.
 */
async function workerPids(primary: number): Promise<number[]> {
  const { stdout } = await run("ps", ["-o", "pid=,args=", "--ppid", String(primary)]).catch(() => ({
    stdout: "",
  }));
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, executable]) => pid && executable === process.execPath)
    .map(([pid]) => Number(pid))
    .sort();
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A GET on a connection of its own, so that node:cluster hands each to the next worker in turn. */
function getOnNewConnection(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () =>
        response.statusCode === 200 ? resolve(body) : reject(new Error(`${response.statusCode} from ${url}`)),
      );
    }).on("error", reject);
  });
}

const METRICS_TOKEN = "a-long-enough-metrics-token";

/** The article page views and page-cache figures /metrics reports. */
async function scrapeFigures(base: string) {
  const text = await getOnNewConnection(`${base}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
  const figure = (series: string) => {
    const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
    return Number(line?.slice(series.length + 1) ?? 0);
  };
  return {
    pageViews: figure('masthead_http_requests_total{route="/:slug/",method="GET",status="2xx"}'),
    misses: figure("masthead_page_cache_misses_total"),
    hits: figure("masthead_page_cache_hits_total"),
  };
}

test("WEB_CONCURRENCY=2 sums every worker's metrics, replaces a crashed worker, and SIGTERM drains acknowledged votes within 10 s", {
  timeout: 180_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "masthead-cluster-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const database = join(dir, "site.db");
  const env = {
    DATABASE_URL: `sqlite:${database}`,
    MEDIA_DIR: join(dir, "media"),
    PORT: String(port),
    WEB_CONCURRENCY: "2",
    METRICS_TOKEN,
  };
  const output = { stderr: "" };
  const server = await startServerProcess(env, output);
  t.after(() => server.kill("SIGKILL"));
  const primary = server.pid ?? 0;

  // Under load ps can catch a worker being forked or replaced at start-up: wait for the settled two.
  const first = await waitFor("two workers", async () => {
    const pids = await workerPids(primary);
    return pids.length === 2 ? pids : undefined;
  }).catch((error: Error) => {
    // A worker that keeps dying says why on stderr.
    throw new Error(`${error.message}; the server's stderr: ${output.stderr.slice(-2000)}`);
  });
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), {
    status: "ready",
    checks: { database: true, limiter: true, media: true },
  });

  // Six page views over six connections: three per worker, each rendering the page once. Whichever
  // worker answers a scrape, its figures are both workers' together. The second story on the home page:
  // each worker has already served the newest one while warming up.
  const home = await (await fetch(`${base}/`)).text();
  const secondStory = [...home.matchAll(/<h[23] class="card-title"><a href="(\/[a-z0-9-]+\/)">/g)][1]?.[1];
  assert.ok(secondStory, "a second story on the home page");
  const articleUrl = `${base}${secondStory}`;
  const before = await scrapeFigures(base);
  for (let view = 0; view < 6; view++) await getOnNewConnection(articleUrl);
  for (let scrape = 0; scrape < 2; scrape++) {
    const after = await scrapeFigures(base);
    assert.equal(after.pageViews - before.pageViews, 6);
    // Each worker renders the page at least once (so both workers' counters are in the sum); a worker
    // may render it again when something moves the content version meanwhile.
    const misses = after.misses - before.misses;
    assert.ok(misses >= 2, `at least one render per worker, saw ${misses}`);
    assert.equal(after.hits - before.hits + misses, 6);
  }

  process.kill(first[0] ?? 0, "SIGKILL");
  const replaced = await waitFor("a replacement worker", async () => {
    const now = await workerPids(primary);
    return now.length === 2 && !now.includes(first[0] ?? 0) ? now : undefined;
  });
  assert.equal(replaced.length, 2);
  assert.match(output.stderr, new RegExp(`worker ${first[0]} stopped \\(SIGKILL\\); starting another`));
  assert.equal((await fetch(`${base}/`)).status, 200);

  const api = await firstArticleVotesApi(base);
  const cookies = await voterCookies(api, 40);
  const pending = castVotes(api, cookies);
  // The signal arrives while most votes are still in flight.
  await Promise.race(pending);
  const signalled = Date.now();
  server.kill("SIGTERM");
  const code = await new Promise((resolve) => server.once("exit", (exitCode) => resolve(exitCode)));
  assert.equal(code, 0, output.stderr);
  assert.ok(Date.now() - signalled < 10_000, "exits within 10 s");
  assert.deepEqual(await workerPids(primary), []);

  const answers = await Promise.allSettled(pending);
  const acknowledged = answers.filter(
    (answer) => answer.status === "fulfilled" && answer.value.status === 200,
  );
  assert.ok(acknowledged.length > 0);
  const storage = openStorage({ dialect: "sqlite", path: database });
  t.after(() => storage.close());
  const rows = await storage.db.selectFrom("votes").select("id").execute();
  assert.ok(
    rows.length >= acknowledged.length,
    `${rows.length} rows for ${acknowledged.length} acknowledged votes`,
  );
  assert.deepEqual(await findCounterDrift(storage.db), []);
});
