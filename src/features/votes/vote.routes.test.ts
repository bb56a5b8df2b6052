import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { updateSiteSettings } from "../settings/settings.js";
import { findCounterDrift, readCounts } from "./vote.repository.js";
import { castVote } from "./vote.service.js";
import { VOTER_COOKIE } from "./voter-cookie.js";

const voterCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === VOTER_COOKIE);

/** A reader's browser: gets its voter cookie from the API, then votes through it. */
async function reader(testApp: TestApp, slug: string, ip = "198.51.100.7") {
  const first = await testApp.app.inject({ url: `/api/v1/articles/${slug}/votes`, remoteAddress: ip });
  const cookie = voterCookieOf(first);
  assert.ok(cookie, "the GET issues a voter cookie");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Lax");
  const vote = (value: unknown, headers: Record<string, string> = {}) =>
    testApp.app.inject({
      method: "POST",
      url: `/api/v1/articles/${slug}/votes`,
      remoteAddress: ip,
      cookies: { [VOTER_COOKIE]: cookie.value },
      payload: { value },
      headers,
    });
  return { vote, cookie: cookie.value };
}

for (const dialect of testDialects()) {
  describe(`the vote widget and API on ${dialect}`, () => {
    it("shows the reference page's figures, exactly", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Reference" });
      for (let i = 0; i < 45; i++) {
        await castVote(testApp.storage.db, {
          articleId: article.id,
          voterKey: `anon:${i}`,
          value: i < 43 ? 1 : -1,
          ipHash: `ip${i}`,
          networkHash: `net${i}`,
          freshVoter: false,
          now: testApp.now(),
          limits: { networkPerHour: 1000 },
        });
      }
      const page = (await testApp.app.inject("/reference/")).body;
      const text = page.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      for (const expected of [
        "What do you think?",
        "41 points",
        "Upvote",
        "Downvote",
        "Total votes: 45",
        "Upvotes: 43",
        "Upvotes percentage: 95.555556%",
        "Downvotes: 2",
        "Downvotes percentage: 4.444444%",
      ]) {
        assert.ok(text.includes(expected), `missing "${expected}"`);
      }
      const api = JSON.parse((await testApp.app.inject("/api/v1/articles/reference/votes")).body);
      assert.deepEqual(api, {
        points: 41,
        total: 45,
        up: 43,
        down: 2,
        upPercent: "95.555556",
        downPercent: "4.444444",
        mine: 0,
      });
    });

    it("votes without JavaScript: the form posts, issues the cookie and returns to the updated widget", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Form vote" });
      const before = await testApp.app.inject("/form-vote/");
      assert.match(before.body, /0 points/);
      assert.match(before.body, /Upvotes percentage:<\/dt> <dd data-field="upPercent">0.000000%/);
      const posted = await testApp.app.inject({
        method: "POST",
        url: "/form-vote/vote",
        payload: { value: "1" },
      });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, "/form-vote/#votes");
      const cookie = voterCookieOf(posted);
      assert.ok(cookie);
      const after = await testApp.app.inject("/form-vote/");
      assert.match(after.body, /1 point</);
      assert.notEqual(after.headers.etag, before.headers.etag);
      // The same reader changes their mind, then takes the vote back.
      const again = (value: string) =>
        testApp.app.inject({
          method: "POST",
          url: "/form-vote/vote",
          payload: { value },
          cookies: { [VOTER_COOKIE]: cookie.value },
        });
      await again("-1");
      assert.match((await testApp.app.inject("/form-vote/")).body, /-1 point</);
      await again("0");
      assert.match((await testApp.app.inject("/form-vote/")).body, /0 points</);
    });

    it("lets a reader vote, change and take back through the JSON API", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Api vote" });
      const alice = await reader(testApp, "api-vote");
      const up = JSON.parse((await alice.vote(1)).body);
      assert.deepEqual(
        { points: up.points, mine: up.mine, upPercent: up.upPercent },
        { points: 1, mine: 1, upPercent: "100.000000" },
      );
      assert.equal(JSON.parse((await alice.vote(-1)).body).points, -1);
      assert.equal(JSON.parse((await alice.vote(0)).body).total, 0);
      const mine = await testApp.app.inject({
        url: "/api/v1/articles/api-vote/votes",
        cookies: { [VOTER_COOKIE]: alice.cookie },
      });
      assert.equal(JSON.parse(mine.body).mine, 0);
    });

    it("rejects bad votes with a clear 4xx and counts nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const article = await makeArticle(db, testApp.now(), { title: "Target" });
      await makeArticle(db, testApp.now(), { title: "Hidden", status: "draft", publishedAt: null });
      const bob = await reader(testApp, "target");
      const post = (
        url: string,
        payload: unknown,
        cookies: Record<string, string> = { [VOTER_COOKIE]: bob.cookie },
      ) =>
        testApp.app.inject({
          method: "POST",
          url,
          cookies,
          payload: payload as string,
          headers: { "content-type": "application/json" },
        });
      const cases: [string, LightMyRequestResponse, number][] = [
        ["value 2", await bob.vote(2), 400],
        ['value "up"', await bob.vote("up"), 400],
        ["missing body", await post("/api/v1/articles/target/votes", ""), 400],
        ["unknown article", await post("/api/v1/articles/nope/votes", JSON.stringify({ value: 1 })), 404],
        ["draft article", await post("/api/v1/articles/hidden/votes", JSON.stringify({ value: 1 })), 404],
        [
          "1 MB body",
          await post("/api/v1/articles/target/votes", JSON.stringify({ value: 1, pad: "x".repeat(1 << 20) })),
          413,
        ],
        ["no cookie", await post("/api/v1/articles/target/votes", JSON.stringify({ value: 1 }), {}), 401],
        [
          "forged cookie",
          await post("/api/v1/articles/target/votes", JSON.stringify({ value: 1 }), {
            [VOTER_COOKIE]: "anon.forged",
          }),
          400,
        ],
        [
          "forged cookie (form)",
          await testApp.app.inject({
            method: "POST",
            url: "/target/vote",
            payload: { value: "1" },
            cookies: { [VOTER_COOKIE]: `${bob.cookie.split(".")[0]}.AAAA` },
          }),
          400,
        ],
      ];
      for (const [label, response, status] of cases) {
        assert.equal(response.statusCode, status, label);
        if (!response.headers["content-type"]?.toString().includes("html")) {
          assert.ok(JSON.parse(response.body).error?.message, `${label} explains itself`);
        }
      }
      assert.deepEqual(await readCounts(db, article.id), { up: 0, down: 0 });
      assert.equal((await db.selectFrom("votes").selectAll().execute()).length, 0);
    });

    it("takes a vote's value as exactly 1, -1 or 0: null, booleans, strings, lists and objects change nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const article = await makeArticle(db, testApp.now(), { title: "Strict" });
      const carol = await reader(testApp, "strict");
      assert.equal((await carol.vote(1)).statusCode, 200);
      // Fastify's default validator read null as 0 (taking the vote back) and true, "1", [1] as 1.
      for (const value of [null, true, false, "1", "-1", "0", [1], [-1], {}, { value: 1 }, 1.0000001, ""]) {
        const response = await carol.vote(value);
        assert.equal(response.statusCode, 400, JSON.stringify(value));
        assert.equal(response.json().error.code, "BAD_REQUEST", JSON.stringify(value));
      }
      const extraField = await testApp.app.inject({
        method: "POST",
        url: "/api/v1/articles/strict/votes",
        cookies: { [VOTER_COOKIE]: carol.cookie },
        payload: { value: -1, weight: 10 },
      });
      assert.equal(extraField.statusCode, 400, "unknown fields are refused, not dropped");
      assert.deepEqual(await readCounts(db, article.id), { up: 1, down: 0 }, "the first vote stands");
      assert.equal((await carol.vote(-1)).json().mine, -1, "a well-typed vote still counts");
    });

    it("refuses cross-site votes (CSRF) from forms and scripts", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Guarded" });
      const carol = await reader(testApp, "guarded");
      assert.equal((await carol.vote(1, { origin: "https://evil.example" })).statusCode, 403);
      assert.equal((await carol.vote(1, { "sec-fetch-site": "cross-site" })).statusCode, 403);
      const form = await testApp.app.inject({
        method: "POST",
        url: "/guarded/vote",
        payload: { value: "1" },
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      });
      assert.equal(form.statusCode, 403);
      assert.deepEqual(await readCounts(testApp.storage.db, article.id), { up: 0, down: 0 });
      const sameSite = await carol.vote(1, {
        origin: "http://localhost:80",
        "sec-fetch-site": "same-origin",
      });
      assert.equal(sameSite.statusCode, 200);
    });

    it("rate-limits a reader and an address, with thresholds from the settings", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await makeArticle(db, testApp.now(), { title: "Busy" });
      await updateSiteSettings(db, { voteLimitPerMinutePerReader: 3, voteLimitPerMinutePerIp: 6 });
      const dave = await reader(testApp, "busy", "203.0.113.1");
      const statuses = [];
      for (const value of [1, -1, 1, -1]) statuses.push((await dave.vote(value)).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const others = [];
      for (let i = 0; i < 3; i++)
        others.push((await (await reader(testApp, "busy", "203.0.113.1")).vote(1)).statusCode);
      assert.deepEqual(others, [200, 200, 429], "the address allows 6 per minute in all");
      assert.deepEqual(await findCounterDrift(db), []);
    });
  });
}
