import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sign } from "@fastify/cookie";
import { openTestStorage, type TestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import type { Admission } from "../../http/loop-share.js";
import { kyselyStatements, type Statements } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import { compileVoteQueries } from "./vote.queries.js";
import { findCounterDrift, readCounts, repairCounters } from "./vote.repository.js";
import {
  type CastVote,
  castOneVote,
  castVote,
  counterDelta,
  MAX_CHANGE_ATTEMPTS,
  VoteContention,
} from "./vote.service.js";
import type { VoteValue } from "./vote.table.js";
import { batchWriteOn, VoteWriter } from "./vote.writer.js";

const NOW = Date.UTC(2026, 10, 25, 12);

/**
 * Resolves once `condition` holds, checking on every turn of the event loop. The deadline only stops a
 * broken writer from hanging the run: on a loaded machine the writer thread alone takes seconds to boot.
 */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** An admission of `perTick` votes a tick, ticked by the test. */
class TickedBudget implements Admission {
  arrivals = 0;
  admitted = 0;
  settled = 0;
  waiting: (() => void)[] = [];
  private left: number;
  constructor(private readonly perTick: number) {
    this.left = perTick;
  }
  noteArrival() {
    this.arrivals++;
  }
  take(wanted: number) {
    const taken = Math.min(wanted, this.left);
    this.left -= taken;
    this.admitted += taken;
    return taken;
  }
  afterTick(callback: () => void) {
    this.waiting.push(callback);
  }
  settle(count: number) {
    this.settled += count;
  }
  tick(perTick = this.perTick) {
    this.left = perTick;
    for (const callback of this.waiting.splice(0)) callback();
  }
}
const HOUR = 3_600_000;
const SECRET = "test site secret";

describe("counterDelta", () => {
  it("follows the transition table", () => {
    // The nine cells of the table in vote.service.ts, written out rather than recomputed.
    const table: [before: VoteValue, after: VoteValue, delta: { up: number; down: number }][] = [
      [0, -1, { up: 0, down: 1 }],
      [0, 0, { up: 0, down: 0 }],
      [0, 1, { up: 1, down: 0 }],
      [1, -1, { up: -1, down: 1 }],
      [1, 0, { up: -1, down: 0 }],
      [1, 1, { up: 0, down: 0 }],
      [-1, -1, { up: 0, down: 0 }],
      [-1, 0, { up: 0, down: -1 }],
      [-1, 1, { up: 1, down: -1 }],
    ];
    for (const [before, after, delta] of table) {
      assert.deepEqual(counterDelta(before, after), delta, `${before} → ${after}`);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`votes on ${dialect}`, () => {
    let test: TestStorage;
    let db: Db;
    before(async () => {
      test = await openTestStorage(dialect);
      db = test.storage.db;
    });
    after(() => test.dispose());

    const ballot = (
      articleId: number,
      voterKey: string,
      value: VoteValue,
      extra: Partial<CastVote> = {},
    ): CastVote => ({
      articleId,
      voterKey,
      value,
      ipHash: `ip-${voterKey}`,
      networkHash: `net-${voterKey}`,
      freshVoter: false,
      now: NOW,
      limits: { networkPerHour: 1_000_000 },
      ...extra,
    });

    it("counts, changes and takes back a vote exactly", async () => {
      const { id } = await makeArticle(db, NOW);
      await castVote(db, ballot(id, "a", 1));
      await castVote(db, ballot(id, "b", 1));
      await castVote(db, ballot(id, "c", -1));
      assert.deepEqual(await readCounts(db, id), { up: 2, down: 1 });
      await castVote(db, ballot(id, "a", -1));
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 2 });
      await castVote(db, ballot(id, "c", 0));
      await castVote(db, ballot(id, "c", 0));
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 1 });
      await castVote(db, ballot(id, "b", 1));
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 1 });
      const rows = await db.selectFrom("votes").select("voter_key").where("article_id", "=", id).execute();
      assert.equal(rows.length, 3, "one row per reader, even after changes");
    });

    it("holds votes past the network's hourly limit, and counts them nowhere", async () => {
      const { id } = await makeArticle(db, NOW);
      const limits = { networkPerHour: 3 };
      const results = [];
      for (let i = 0; i < 5; i++) {
        results.push(
          await castVote(db, ballot(id, `n${i}`, 1, { networkHash: "office", limits, now: NOW + i })),
        );
      }
      assert.deepEqual(
        results.map((r) => r.status),
        ["counted", "counted", "counted", "held", "held"],
      );
      assert.deepEqual(await readCounts(db, id), { up: 3, down: 0 });
      // An hour later the network may vote again.
      const later = await castVote(
        db,
        ballot(id, "n9", 1, { networkHash: "office", limits, now: NOW + HOUR + 10 }),
      );
      assert.equal(later.status, "counted");
      // A held reader changing their mind still changes nothing.
      await castVote(db, ballot(id, "n3", -1, { networkHash: "office", limits }));
      assert.deepEqual(await readCounts(db, id), { up: 4, down: 0 });
      assert.deepEqual(await findCounterDrift(db), []);
    });

    it("counts a client that drops its cookie once per address per article per day", async () => {
      const { id } = await makeArticle(db, NOW);
      const other = await makeArticle(db, NOW);
      const fresh = (key: string, articleId: number, now = NOW) =>
        castVote(db, ballot(articleId, key, 1, { ipHash: "same-ip", freshVoter: true, now }));
      assert.equal((await fresh("f1", id)).status, "counted");
      assert.equal((await fresh("f2", id)).status, "held");
      assert.equal((await fresh("f3", other.id)).status, "counted");
      assert.equal((await fresh("f4", id, NOW + 25 * HOUR)).status, "counted");
      // A reader who kept their cookie is not affected.
      assert.equal((await castVote(db, ballot(id, "kept", 1, { ipHash: "same-ip" }))).status, "counted");
      assert.deepEqual(await readCounts(db, id), { up: 3, down: 0 });
    });

    it("keeps every counter equal to its rows under many concurrent readers", async (t) => {
      // A database of its own: the final counts below are of these votes alone.
      const own = await openTestStorage(dialect);
      t.after(() => own.dispose());
      const articles = [await makeArticle(own.storage.db, NOW), await makeArticle(own.storage.db, NOW)];
      const writer = new VoteWriter(own.storage, SECRET);
      const readers = Array.from({ length: 60 }, (_, i) => `r${i}`);
      const choices: VoteValue[] = [1, -1, 0, 1, -1];
      const ROUNDS = 4;
      // Each reader votes on both articles, changes their mind and sometimes takes the vote back.
      await Promise.all(
        readers.flatMap((reader, i) =>
          articles.map(async (article) => {
            for (let round = 0; round < ROUNDS; round++) {
              await writer.submit(
                ballot(article.id, reader, choices[(i + round) % choices.length] as VoteValue),
              );
            }
          }),
        ),
      );
      await writer.close();
      // Reader i's last vote is choices[(i + 3) % 5]: twelve readers end on each of the five choices,
      // so 24 up, 24 down and 12 taken back on each article.
      const lastVotes = readers.map((_, i) => choices[(i + ROUNDS - 1) % choices.length]);
      assert.equal(lastVotes.filter((value) => value === 1).length, 24);
      for (const article of articles) {
        assert.deepEqual(await readCounts(own.storage.db, article.id), { up: 24, down: 24 });
      }
      if (dialect === "postgres") {
        // Without the writer's serialisation: truly parallel transactions from the connection pool.
        // Odd readers end up, even readers down, on the first article.
        await Promise.all(
          readers.map((reader, i) =>
            own.storage.db
              .transaction()
              .execute((trx) => castVote(trx, ballot(articles[0]?.id ?? 0, reader, i % 2 ? 1 : -1))),
          ),
        );
        assert.deepEqual(await readCounts(own.storage.db, articles[0]?.id ?? 0), { up: 30, down: 30 });
      }
      assert.deepEqual(await findCounterDrift(own.storage.db), []);
      const perReader = await own.storage.db
        .selectFrom("votes")
        .select((eb) => ["article_id", "voter_key", eb.fn.countAll<number | string>().as("n")])
        .groupBy(["article_id", "voter_key"])
        .having((eb) => eb.fn.countAll(), ">", 1)
        .execute();
      assert.deepEqual(perReader, []);
    });

    it("gives up on a vote whose row keeps changing under it, writing nothing of it", async () => {
      const { id } = await makeArticle(db, NOW);
      await castVote(db, ballot(id, "contested", 1));
      const queries = compileVoteQueries(db);
      let interruptions = 0;
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          const statements = kyselyStatements(trx);
          // Another writer changes this reader's row between every read and write of the vote.
          const interrupted: Statements = {
            first: statements.first,
            run: async (query, values) => {
              if (query === queries.changeValue) {
                interruptions++;
                await trx
                  .updateTable("votes")
                  .set((eb) => ({ value: eb.neg(eb.ref("value")) }))
                  .where("article_id", "=", id)
                  .where("voter_key", "=", "contested")
                  .execute();
              }
              return statements.run(query, values);
            },
          };
          await castOneVote(interrupted, queries, ballot(id, "contested", 0));
        }),
        VoteContention,
      );
      assert.equal(interruptions, MAX_CHANGE_ATTEMPTS);
      const row = await db
        .selectFrom("votes")
        .select("value")
        .where("article_id", "=", id)
        .where("voter_key", "=", "contested")
        .executeTakeFirst();
      assert.deepEqual(row, { value: 1 }, "the rolled-back transaction left the first vote as it was");
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 0 });
    });

    it("adds up a whole batch exactly: the hold rule sees the batch's earlier votes, a reader's second vote changes their first", async () => {
      const { id } = await makeArticle(db, NOW);
      const other = await makeArticle(db, NOW);
      const limits = { networkPerHour: 3 };
      const office = (voterKey: string, value: VoteValue, articleId = id) =>
        ballot(articleId, voterKey, value, { networkHash: "batch-office", limits });
      const written = await batchWriteOn(
        test.storage,
        SECRET,
      )([
        office("b1", 1),
        office("b2", -1),
        office("b1", -1),
        office("b3", 1),
        office("b4", 1),
        office("b5", 1, other.id),
        office("b2", 0),
      ]);
      assert.deepEqual(
        written.outcomes.map((outcome) => (outcome.ok ? outcome.result : outcome.message)),
        [
          { value: 1, status: "counted" },
          { value: -1, status: "counted" },
          { value: -1, status: "counted" },
          { value: 1, status: "counted" },
          { value: 1, status: "held" },
          { value: 1, status: "counted" },
          { value: 0, status: "counted" },
        ],
      );
      assert.deepEqual(
        new Map(written.counts),
        new Map([
          [id, { up: 1, down: 1 }],
          [other.id, { up: 1, down: 0 }],
        ]),
      );
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 1 });
      const tally = await db
        .selectFrom("vote_network_hours")
        .select("votes")
        .where("article_id", "=", id)
        .where("network_hash", "=", "batch-office")
        .executeTakeFirst();
      assert.deepEqual(
        tally,
        { votes: 4 },
        "the network's tally counts every first vote from it, held ones too",
      );
      assert.deepEqual(await findCounterDrift(db), []);
    });

    it("refuses a vote whose voter cookie this site did not sign, and counts the rest of its batch", async () => {
      const { id } = await makeArticle(db, NOW);
      const id1 = "a".repeat(22);
      const id2 = "b".repeat(22);
      const withCookie = (voterKey: string, voterCookie: string) => ({
        ...ballot(id, voterKey, 1),
        voterCookie,
      });
      const written = await batchWriteOn(
        test.storage,
        SECRET,
      )([
        withCookie(`anon:${id1}`, sign(id1, SECRET)),
        withCookie(`anon:${id2}`, sign(id2, "another secret")),
        withCookie(`anon:${id2}`, sign(id1, SECRET)),
      ]);
      assert.deepEqual(
        written.outcomes.map((outcome) => outcome.ok),
        [true, false, false],
      );
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 0 });
    });

    it("logs a batch that failed as one transaction, and refuses only its bad vote", async () => {
      const { id } = await makeArticle(db, NOW);
      const logged: { details: Record<string, unknown>; message: string }[] = [];
      const writer = new VoteWriter(test.storage, SECRET, {
        log: { error: (details, message) => logged.push({ details, message }) },
      });
      try {
        const good = writer.submit(ballot(id, "logged-good", 1));
        const bad = writer.submit(ballot(2_000_000_000, "logged-bad", 1));
        await assert.rejects(bad);
        assert.deepEqual((await good).result, { value: 1, status: "counted" });
        assert.equal(logged.length, 1);
        assert.match(logged[0]?.message ?? "", /vote batch failed as one transaction/);
        assert.equal(logged[0]?.details.votes, 2);
        assert.equal(typeof logged[0]?.details.reason, "string");
      } finally {
        await writer.close();
      }
    });

    it("finds and repairs counters that drifted from the rows", async () => {
      const { id } = await makeArticle(db, NOW);
      await castVote(db, ballot(id, "x", 1));
      await castVote(db, ballot(id, "y", -1));
      await db.updateTable("vote_counters").set({ up: 40, down: 0 }).where("article_id", "=", id).execute();
      const drift = await findCounterDrift(db);
      assert.deepEqual(drift, [{ articleId: id, stored: { up: 40, down: 0 }, fromRows: { up: 1, down: 1 } }]);
      await repairCounters(db, drift);
      assert.deepEqual(await findCounterDrift(db), []);
      assert.deepEqual(await readCounts(db, id), { up: 1, down: 1 });
    });

    it("hands votes to the writer only as its admission allows, and answers every one", async () => {
      const { id } = await makeArticle(db, NOW);
      const budget = new TickedBudget(2);
      const writer = new VoteWriter(test.storage, SECRET, { admission: budget });
      let answered = 0;
      try {
        const votes = Array.from({ length: 5 }, (_, i) =>
          writer.submit(ballot(id, `paced${i}`, 1)).then(() => answered++),
        );
        await until(() => answered === 2 && budget.waiting.length > 0);
        assert.equal(budget.admitted, 2);
        budget.tick();
        await until(() => answered === 4 && budget.waiting.length > 0);
        assert.equal(budget.admitted, 4);
        budget.tick();
        await Promise.all(votes);
        assert.deepEqual([budget.arrivals, budget.admitted, budget.settled], [5, 5, 5]);
        assert.deepEqual(await readCounts(db, id), { up: 5, down: 0 });
      } finally {
        budget.tick(Number.POSITIVE_INFINITY);
        await writer.close();
      }
    });

    it("stops its thread once idle and starts another for the next vote, losing and doubling none", async () => {
      const { id } = await makeArticle(db, NOW);
      const writer = new VoteWriter(test.storage, SECRET, { threadIdleMs: 20 });
      try {
        for (let round = 0; round < 3; round++) {
          await Promise.all([
            writer.submit(ballot(id, `idle-${round}-up`, 1)),
            writer.submit(ballot(id, `idle-${round}-down`, -1)),
          ]);
          // Only an SQLite file has a writer thread; PostgreSQL's batches are written on this thread.
          assert.equal(writer.threadRunning, dialect === "sqlite");
          // The next round's votes follow at once: the stopping thread's exit must not fail them.
          await until(() => !writer.threadRunning);
        }
        assert.deepEqual(await readCounts(db, id), { up: 3, down: 3 });
      } finally {
        await writer.close();
      }
    });

    it("answers each vote with the counts its commit left, and forgets network tallies of past hours", async () => {
      const { id } = await makeArticle(db, NOW);
      const writer = new VoteWriter(test.storage, SECRET);
      const tallyHours = () =>
        db.selectFrom("vote_network_hours").select("hour").where("article_id", "=", id).execute();
      try {
        const first = await writer.submit(ballot(id, "early", 1, { networkHash: "net", now: NOW }));
        assert.deepEqual(first.counts, { up: 1, down: 0 });
        assert.deepEqual(await tallyHours(), [{ hour: NOW / HOUR }]);
        const later = await writer.submit(
          ballot(id, "late", -1, { networkHash: "net", now: NOW + 2 * HOUR }),
        );
        assert.deepEqual(later, { result: { value: -1, status: "counted" }, counts: { up: 1, down: 1 } });
        assert.deepEqual(await tallyHours(), [{ hour: NOW / HOUR + 2 }]);
      } finally {
        await writer.close();
      }
    });
  });
}
