import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { buildTestApp, TEST_NOW } from "../../test/helpers/app.js";
import { openTestStorage, testDialects } from "../../test/helpers/databases.js";
import { makeArticle } from "../../test/helpers/factories.js";
import { buildApp } from "../app.js";
import { loadConfig } from "../config.js";
import { VOTER_COOKIE } from "../features/votes/voter-cookie.js";

const TOKEN = "a-long-enough-metrics-token";

/** The app with its log lines collected, and a route that fails, for the 5xx path. */
async function loggedApp(t: TestContext, env: Record<string, string>) {
  const { storage, dispose } = await openTestStorage("sqlite");
  const lines: Record<string, unknown>[] = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const config = loadConfig({ SITE_URL: "https://news.example.test", ...env });
  const app = await buildApp({ config, storage, clock: () => TEST_NOW, logger: { level: "info", stream } });
  app.get("/boom", async () => {
    throw new Error("the printer is on fire");
  });
  t.after(async () => {
    await app.close();
    await dispose();
  });
  return { app, lines };
}

for (const dialect of testDialects()) {
  describe(`/metrics on ${dialect}`, () => {
    it("does not exist without METRICS_TOKEN", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      // Like any unknown slug: redirected to /metrics/, which is not there.
      const response = await testApp.app.inject({ url: "/metrics" });
      assert.equal(response.headers.location, "/metrics/");
      assert.equal((await testApp.app.inject({ url: "/metrics/" })).statusCode, 404);
    });

    it("needs the bearer token, then counts requests per route and page-cache hits and misses", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      const article = await makeArticle(testApp.storage.db, TEST_NOW);
      for (let i = 0; i < 3; i++) await testApp.app.inject({ url: `/${article.slug}/` });
      await testApp.app.inject({ url: "/no/such/page/" });
      const scrape = (authorization?: string) =>
        testApp.app.inject({ url: "/metrics", headers: authorization ? { authorization } : {} });
      assert.equal((await scrape()).statusCode, 401);
      assert.equal((await scrape(`Bearer ${TOKEN}x`)).statusCode, 401);
      assert.equal((await scrape(`Basic ${TOKEN}`)).statusCode, 401);
      const metrics = await scrape(`Bearer ${TOKEN}`);
      assert.equal(metrics.statusCode, 200);
      const body = metrics.body;
      assert.match(body, /masthead_http_requests_total\{route="\/:slug\/",method="GET",status="2xx"\} 3/);
      assert.match(body, /masthead_http_requests_total\{route="unmatched",method="GET",status="4xx"\} 1/);
      assert.match(body, /masthead_http_request_duration_seconds_count\{route="\/:slug\/",method="GET"\} 3/);
      assert.match(body, /masthead_page_cache_hits_total 2/);
      assert.match(body, /masthead_page_cache_misses_total 1/);
      // What each cache holds. The one article page, its plain copy being its body: the key and its parts.
      assert.match(body, /masthead_cache_entries\{cache="pages"\} 1\n/);
      const bytes = Number(/masthead_cache_bytes\{cache="pages"\} (\d+)/.exec(body)?.[1]);
      assert.ok(bytes > 1000 && bytes < 200_000, `${bytes} bytes`);
      assert.match(body, /masthead_page_cache_max_bytes 67108864\n/);
      assert.match(body, /masthead_search_cache_max_bytes 8388608\n/);
      assert.match(body, /masthead_cache_entries\{cache="search results"\} 0\n/);
      // The article's vote widget and comment form were kept too.
      assert.match(body, /masthead_cache_entries\{cache="vote widgets"\} 1\n/);
      assert.match(body, /masthead_cache_bytes\{cache="comment forms"\} [1-9]\d{3,}\n/);
      assert.match(body, /masthead_cache_bytes\{cache="list positions"\} 0\n/);
      assert.match(body, /nodejs_eventloop_lag_seconds \d/);
      // The heap by space: bench:soak reads the young generation and old space from here (decision 0059).
      assert.match(body, /nodejs_heap_space_size_total_bytes\{space="new"\} [1-9]\d*\n/);
      assert.match(body, /nodejs_heap_space_size_used_bytes\{space="old"\} [1-9]\d*\n/);
      if (dialect === "postgres") assert.match(body, /masthead_db_pool_connections\{state="total"\} \d+/);
    });

    it("measures vote batches and counts webhook outcomes", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      const article = await makeArticle(testApp.storage.db, TEST_NOW);
      const api = `/api/v1/articles/${article.slug}/votes`;
      const voters = await Promise.all(
        [1, 2, 3].map(async () => {
          const first = await testApp.app.inject({ url: api });
          return first.cookies.find((cookie) => cookie.name === VOTER_COOKIE)?.value ?? "";
        }),
      );
      const votes = await Promise.all(
        voters.map((voter) =>
          testApp.app.inject({
            method: "POST",
            url: api,
            cookies: { [VOTER_COOKIE]: voter },
            payload: { value: 1 },
          }),
        ),
      );
      assert.deepEqual(
        votes.map((vote) => vote.statusCode),
        [200, 200, 200],
      );
      // Without Stripe set up, a delivery is answered 503 and counted as such.
      await testApp.app.inject({ method: "POST", url: "/webhooks/stripe", payload: "{}" });
      const body = (
        await testApp.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } })
      ).body;
      const sum = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(body)?.[1]);
      assert.equal(sum("masthead_vote_batch_size_sum"), 3, body);
      assert.ok(sum("masthead_vote_batch_size_count") >= 1);
      assert.equal(sum("masthead_vote_batch_commit_seconds_count"), sum("masthead_vote_batch_size_count"));
      assert.match(body, /masthead_stripe_webhooks_total\{outcome="payments_off"\} 1/);
    });
  });
}

describe("request ids", () => {
  it("logs a 5xx once with its stack and shows its id on the page; keeps a trusted proxy's X-Request-Id", async (t) => {
    const { app, lines } = await loggedApp(t, { TRUST_PROXY: "127.0.0.1" });
    const page = await app.inject({ url: "/boom", headers: { "x-request-id": "edge-42" } });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Reference: edge-42/);
    assert.doesNotMatch(page.body, /printer/);
    const logged = lines.filter((line) => line.reqId === "edge-42");
    assert.equal(logged.length, 1);
    assert.match(String((logged[0]?.err as { stack?: string })?.stack), /the printer is on fire/);

    const spoofed = await app.inject({
      url: "/boom",
      remoteAddress: "203.0.113.9",
      headers: { "x-request-id": "edge-43" },
    });
    assert.doesNotMatch(spoofed.body, /edge-43/);
    const reference = /Reference: ([\w-]+)/.exec(spoofed.body)?.[1];
    assert.ok(reference);
    assert.equal(lines.filter((line) => line.reqId === reference).length, 1);
  });
});
