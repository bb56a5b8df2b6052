import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { buildTestApp, TEST_NOW, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";
import type { Db } from "../../storage/storage.js";
import { findCounterDrift, readCounts } from "./vote.repository.js";
import { countHeldVotes, discardHeldVotes, listHeldVoteGroups } from "./vote.review.js";
import { castVote } from "./vote.service.js";
import type { VoteValue } from "./vote.table.js";

const NOW = TEST_NOW;
let voter = 0;

/**
 * Casts these votes from one network that may cast only one counted vote an hour: the first is counted,
 * every later one is held as "network-burst".
 */
async function voteFromOneNetwork(db: Db, articleId: number, values: VoteValue[], network = "net-shared") {
  for (const value of values) {
    const key = `anon:review-${++voter}`;
    await castVote(db, {
      articleId,
      voterKey: key,
      value,
      ipHash: `ip-${key}`,
      networkHash: network,
      freshVoter: false,
      now: NOW,
      limits: { networkPerHour: 1 },
    });
  }
}

async function statuses(db: Db, articleId: number) {
  const rows = await db
    .selectFrom("votes")
    .select(["status", "value"])
    .where("article_id", "=", articleId)
    .orderBy("id")
    .execute();
  return rows.map((row) => `${row.status}:${row.value}`);
}

/** Two articles with held votes: A has 1 counted up, then 3 up and 2 down held; B 1 counted up, 2 held. */
async function setUp(testApp: TestApp) {
  const { db } = testApp.storage;
  const a = await makeArticle(db, NOW, { title: "Article with a burst" });
  const b = await makeArticle(db, NOW, { title: "Another burst" });
  await voteFromOneNetwork(db, a.id, [1, 1, 1, -1, 1, -1], "net-a");
  await voteFromOneNetwork(db, b.id, [1, 1, -1], "net-b");
  return { db, a, b };
}

for (const dialect of testDialects()) {
  describe(`held-vote review on ${dialect}`, () => {
    it("lists held votes by article and reason without touching the counters", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db, a, b } = await setUp(testApp);
      assert.deepEqual(await readCounts(db, a.id), { up: 1, down: 0 });
      assert.deepEqual(await readCounts(db, b.id), { up: 1, down: 0 });
      assert.deepEqual(await findCounterDrift(db), []);

      const groups = await listHeldVoteGroups(db);
      assert.deepEqual(
        groups
          .map(({ articleId, reason, title, count, up, down, firstAt, lastAt }) => ({
            articleId,
            reason,
            title,
            count,
            up,
            down,
            firstAt,
            lastAt,
          }))
          .sort((x, y) => x.articleId - y.articleId),
        [
          {
            articleId: a.id,
            reason: "network-burst",
            title: a.title,
            count: 5,
            up: 3,
            down: 2,
            firstAt: NOW,
            lastAt: NOW,
          },
          {
            articleId: b.id,
            reason: "network-burst",
            title: b.title,
            count: 2,
            up: 1,
            down: 1,
            firstAt: NOW,
            lastAt: NOW,
          },
        ],
      );

      const editor = await signInAs(testApp, "editor");
      const page = await editor.request({ method: "GET", url: "/admin/votes/held/" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Held votes<\/h1>/);
      assert.match(page.body, /Article with a burst/);
      assert.match(page.body, new RegExp(`name="group" value="${a.id}:network-burst"`));
      assert.match(page.body, /<a href="\/admin\/votes\/held\/">Held votes<\/a>/);
      const report = await new HtmlValidate({
        extends: ["html-validate:recommended"],
        rules: {
          "void-style": "off",
          "long-title": "off",
          // One name for all the checkboxes is how a form sends a set of values.
          "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
        },
      }).validateString(page.body);
      assert.deepEqual(
        report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`)),
        [],
      );
    });

    it("“Count them” adds exactly the held values to the counters; “Discard them” deletes the rows only", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db, a, b } = await setUp(testApp);
      const editor = await signInAs(testApp, "editor");

      const counted = await editor.request({
        method: "POST",
        url: "/admin/votes/held/count",
        form: { _csrf: editor.csrf, group: [`${a.id}:network-burst`] },
      });
      assert.equal(counted.statusCode, 303);
      assert.equal(counted.headers.location, "/admin/votes/held/?notice=saved");
      assert.deepEqual(await readCounts(db, a.id), { up: 4, down: 2 });
      assert.deepEqual(await statuses(db, a.id), [
        "counted:1",
        "counted:1",
        "counted:1",
        "counted:-1",
        "counted:1",
        "counted:-1",
      ]);
      assert.deepEqual(await readCounts(db, b.id), { up: 1, down: 0 }, "other groups are untouched");
      assert.deepEqual(await findCounterDrift(db), []);

      const discarded = await editor.request({
        method: "POST",
        url: "/admin/votes/held/discard",
        form: { _csrf: editor.csrf, group: `${b.id}:network-burst` },
      });
      assert.equal(discarded.statusCode, 303);
      assert.deepEqual(await statuses(db, b.id), ["counted:1"]);
      assert.deepEqual(await readCounts(db, b.id), { up: 1, down: 0 });
      assert.deepEqual(await findCounterDrift(db), []);
      assert.deepEqual(await listHeldVoteGroups(db), []);

      const after = await editor.request({ method: "GET", url: "/admin/votes/held/?notice=saved" });
      assert.match(after.body, /Saved\./);
      assert.match(after.body, /No votes are held\./);

      // Acting again on groups that are gone changes nothing.
      assert.deepEqual(await countHeldVotes(db, [{ articleId: a.id, reason: "network-burst" }]), {
        votes: 0,
      });
      assert.deepEqual(await readCounts(db, a.id), { up: 4, down: 2 });
    });

    it("counts a group sent twice once, and a held vote taken back (value 0) as nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db, a } = await setUp(testApp);
      // The last held voter on A takes their downvote back: the row stays, held, with value 0.
      const last = await db
        .selectFrom("votes")
        .select(["voter_key"])
        .where("article_id", "=", a.id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      await castVote(db, {
        articleId: a.id,
        voterKey: last.voter_key,
        value: 0,
        ipHash: "ip",
        networkHash: "net-a",
        freshVoter: false,
        now: NOW,
        limits: { networkPerHour: 1 },
      });
      const group = { articleId: a.id, reason: "network-burst" };
      assert.deepEqual(await countHeldVotes(db, [group, { ...group }]), { votes: 5 });
      assert.deepEqual(await readCounts(db, a.id), { up: 4, down: 1 });
      assert.deepEqual(await findCounterDrift(db), []);
      assert.deepEqual(await discardHeldVotes(db, [group]), { votes: 0 });
      assert.deepEqual(await readCounts(db, a.id), { up: 4, down: 1 });
    });

    it("refuses authors, forged posts and empty selections, changing nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db, a } = await setUp(testApp);
      const before = await statuses(db, a.id);
      const group = `${a.id}:network-burst`;

      const author = await signInAs(testApp, "author");
      assert.equal((await author.request({ method: "GET", url: "/admin/votes/held/" })).statusCode, 403);
      for (const action of ["count", "discard"]) {
        const response = await author.request({
          method: "POST",
          url: `/admin/votes/held/${action}`,
          form: { _csrf: author.csrf, group },
        });
        assert.equal(response.statusCode, 403, action);
      }
      const authorHome = await author.request({ method: "GET", url: "/admin/" });
      assert.doesNotMatch(authorHome.body, /Held votes/);

      const editor = await signInAs(testApp, "editor");
      for (const action of ["count", "discard"]) {
        const forged = await editor.request({
          method: "POST",
          url: `/admin/votes/held/${action}`,
          form: { group },
        });
        assert.equal(forged.statusCode, 403, action);
        const wrongToken = await editor.request({
          method: "POST",
          url: `/admin/votes/held/${action}`,
          form: { _csrf: "not-the-token", group },
        });
        assert.equal(wrongToken.statusCode, 403, action);
      }

      const empty = await editor.request({
        method: "POST",
        url: "/admin/votes/held/count",
        form: { _csrf: editor.csrf },
      });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Select at least one group of votes\./);
      const malformed = await editor.request({
        method: "POST",
        url: "/admin/votes/held/count",
        form: { _csrf: editor.csrf, group: "nope" },
      });
      assert.equal(malformed.statusCode, 400);

      assert.deepEqual(await statuses(db, a.id), before);
      assert.deepEqual(await readCounts(db, a.id), { up: 1, down: 0 });
      assert.deepEqual(await findCounterDrift(db), []);

      const anonymous = await testApp.app.inject({ method: "GET", url: "/admin/votes/held/" });
      assert.equal(anonymous.statusCode, 303);
    });
  });
}
