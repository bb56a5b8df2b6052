import { idRanges, slicesOf } from "../../core/paging.js";
import { sharedReads } from "../../core/turn-cache.js";
import { countPerDay, type DailySeries } from "../../storage/daily.js";
import { numberSlot, prepare, slot } from "../../storage/statements.js";
import type { Db, Storage } from "../../storage/storage.js";
import type { VoteCounts } from "./vote.math.js";
import { shownCounts } from "./vote.shown-counts.js";
import type { VoteValue } from "./vote.table.js";

const NO_VOTES: VoteCounts = { up: 0, down: 0 };

export async function readCounts(db: Db, articleId: number): Promise<VoteCounts> {
  const row = await db
    .selectFrom("vote_counters")
    .select(shownCounts)
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return row ?? NO_VOTES;
}

export async function readCountsOf(db: Db, articleIds: readonly number[]): Promise<Map<number, VoteCounts>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("vote_counters")
    .select(["article_id", ...shownCounts])
    .where("article_id", "in", [...articleIds])
    .execute();
  return new Map(rows.map((row) => [row.article_id, { up: row.up, down: row.down }]));
}

export async function readVoterValue(db: Db, articleId: number, voterKey: string): Promise<VoteValue> {
  const row = await db
    .selectFrom("votes")
    .select("value")
    .where("article_id", "=", articleId)
    .where("voter_key", "=", voterKey)
    .executeTakeFirst();
  return row?.value ?? 0;
}

export interface CounterDrift {
  articleId: number;
  stored: VoteCounts;
  fromRows: VoteCounts;
}

/** Every article whose stored counters differ from the sum of its counted vote rows. */
export async function findCounterDrift(db: Db): Promise<CounterDrift[]> {
  const drift: CounterDrift[] = [];
  for (const [from, to] of idRanges(await lastVotedArticleId(db), CHECKED_ARTICLES_AT_ONCE)) {
    const fromRows = await db
      .selectFrom("votes")
      .select((eb) => [
        "article_id",
        eb.fn.sum<number | string>(eb.case().when("value", "=", 1).then(1).else(0).end()).as("up"),
        eb.fn.sum<number | string>(eb.case().when("value", "=", -1).then(1).else(0).end()).as("down"),
      ])
      .where("status", "=", "counted")
      .where("article_id", ">=", from)
      .where("article_id", "<=", to)
      .groupBy("article_id")
      .execute();
    const stored = await db
      .selectFrom("vote_counters")
      .select(["article_id", "up", "down"])
      .where("article_id", ">=", from)
      .where("article_id", "<=", to)
      .execute();
    const truth = new Map(fromRows.map((r) => [r.article_id, { up: Number(r.up), down: Number(r.down) }]));
    const kept = new Map(stored.map((r) => [r.article_id, { up: r.up, down: r.down }]));
    for (const articleId of [...new Set([...truth.keys(), ...kept.keys()])].sort((a, b) => a - b)) {
      const counts = { stored: kept.get(articleId) ?? NO_VOTES, fromRows: truth.get(articleId) ?? NO_VOTES };
      if (counts.stored.up !== counts.fromRows.up || counts.stored.down !== counts.fromRows.down)
        drift.push({ articleId, ...counts });
    }
  }
  return drift;
}

/** Articles whose votes `findCounterDrift` compares per query: memory stays bounded on any archive. */
const CHECKED_ARTICLES_AT_ONCE = 5_000;

async function lastVotedArticleId(db: Db): Promise<number> {
  let last = 0;
  for (const table of ["votes", "vote_counters"] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max("article_id").as("last"))
      .executeTakeFirst();
    last = Math.max(last, Number(row?.last ?? 0));
  }
  return last;
}

export interface LegacyTallies {
  articles: number;
  up: number;
  down: number;
}

/** Imported totals with no vote rows behind them: `votes verify` reports them, it cannot check them. */
export async function sumLegacyTallies(db: Db): Promise<LegacyTallies> {
  const row = await db
    .selectFrom("vote_counters")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("articles"),
      eb.fn.sum<number | string>("legacy_up").as("up"),
      eb.fn.sum<number | string>("legacy_down").as("down"),
    ])
    .where((eb) => eb.or([eb("legacy_up", ">", 0), eb("legacy_down", ">", 0)]))
    .executeTakeFirstOrThrow();
  return { articles: Number(row.articles), up: Number(row.up ?? 0), down: Number(row.down ?? 0) };
}

/**
 * Sets an article's imported totals (replacing earlier ones from the same import); the per-reader
 * counts are left as they are, so new votes keep adding to the sum readers see.
 */
export const setLegacyTally = (db: Db, articleId: number, tally: VoteCounts) =>
  setLegacyTallies(db, [{ articleId, ...tally }]);

/** Many articles' legacy tallies (each article at most once), in multi-row statements. */
export async function setLegacyTallies(
  db: Db,
  tallies: readonly ({ articleId: number } & VoteCounts)[],
): Promise<void> {
  if (tallies.length === 0) return;
  for (const slice of slicesOf(tallies, 500)) {
    await db
      .insertInto("vote_counters")
      .values(
        slice.map((tally) => ({
          article_id: tally.articleId,
          up: 0,
          down: 0,
          legacy_up: tally.up,
          legacy_down: tally.down,
        })),
      )
      .onConflict((conflict) =>
        conflict.column("article_id").doUpdateSet((eb) => ({
          legacy_up: eb.ref("excluded.legacy_up"),
          legacy_down: eb.ref("excluded.legacy_down"),
        })),
      )
      .execute();
  }
  noteCountersMoved();
}

/** Sets the drifted counters to what the rows say, in one transaction. */
export async function repairCounters(db: Db, drift: readonly CounterDrift[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { articleId, fromRows } of drift) {
      await trx
        .insertInto("vote_counters")
        .values({ article_id: articleId, ...fromRows })
        .onConflict((conflict) => conflict.column("article_id").doUpdateSet(fromRows))
        .execute();
    }
  });
  noteCountersMoved();
}

/** Counted votes cast per day (UTC) in [from, to), for the dashboard. */
export const countVotesPerDay = (db: Db, range: { from: number; to: number }) =>
  countPerDay(db.selectFrom("votes").where("status", "=", "counted"), "created_at", range);

export const votesPerDay: DailySeries = {
  id: "votes",
  label: "Reader votes",
  unit: "votes",
  load: countVotesPerDay,
};

/** Reads an article's counts by id on the hot path (answering every vote). */
export function countsByIdReader(storage: Storage): (articleId: number) => Promise<VoteCounts> {
  const read = storage.prepareRowReader(
    prepare(
      storage.db
        .selectFrom("vote_counters")
        .select(shownCounts)
        .where("article_id", "=", numberSlot("articleId")),
    ),
  );
  return async (articleId) => (await read({ articleId })) ?? NO_VOTES;
}

let countersMovedHere = 0;

/** Called after this process commits a change to vote counters, so reads shared within a turn start over. */
export function noteCountersMoved(): void {
  countersMovedHere++;
}

/**
 * Reads the counts shown on an article's page by its slug (0/0 before the first vote), on the hot
 * path: one read per article serves all the page views of one event-loop turn (core/turn-cache.ts).
 */
export function countsBySlugReader(storage: Storage): (slug: string) => Promise<VoteCounts> {
  const read = storage.prepareRowReader(
    prepare(
      storage.db
        .selectFrom("articles")
        .leftJoin("vote_counters", "vote_counters.article_id", "articles.id")
        .select(shownCounts)
        .where("articles.slug", "=", slot("slug")),
    ),
  );
  return sharedReads(
    async (slug) => {
      const row = await read({ slug });
      return { up: row?.up ?? 0, down: row?.down ?? 0 };
    },
    () => countersMovedHere,
  );
}
