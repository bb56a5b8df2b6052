// Editors' review of held votes: votes stored but kept out of the counters (see holdReason in
// vote.service.ts). An editor either counts a group of them or discards it. Either way the invariant
// holds after the transaction: every article's counters equal the sum of its counted rows
// (findCounterDrift in vote.repository.ts finds none).
import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";
import { findArticleTitles } from "../articles/article.repository.js";
import { noteCountersMoved } from "./vote.repository.js";

/** Held votes are reviewed in groups: one article, one reason. */
export interface HeldGroupKey {
  articleId: number;
  /** The held_reason of the rows, e.g. "network-burst"; null for rows held without one. */
  reason: string | null;
}

export interface HeldVoteGroup extends HeldGroupKey {
  /** The article's title, or null if it no longer exists. */
  title: string | null;
  slug: string | null;
  count: number;
  /** How many of them are upvotes and downvotes (the rest were taken back while held: value 0). */
  up: number;
  down: number;
  firstAt: number;
  lastAt: number;
}

/** The review page lists at most this many groups, most recent first; acting on them brings up the rest. */
export const HELD_GROUPS_SHOWN = 200;

/** Groups of held votes, the most recently active first. One grouped query over the (status, article_id) index. */
export async function listHeldVoteGroups(db: Db, limit = HELD_GROUPS_SHOWN): Promise<HeldVoteGroup[]> {
  const lastAt = sql<number | string>`max(created_at)`;
  const rows = await db
    .selectFrom("votes")
    .select((eb) => [
      "article_id",
      "held_reason",
      eb.fn.countAll<number | string>().as("count"),
      eb.fn.sum<number | string>(eb.case().when("value", "=", 1).then(1).else(0).end()).as("up"),
      eb.fn.sum<number | string>(eb.case().when("value", "=", -1).then(1).else(0).end()).as("down"),
      eb.fn.min<number | string>("created_at").as("first_at"),
      lastAt.as("last_at"),
    ])
    .where("status", "=", "held")
    .groupBy(["article_id", "held_reason"])
    .orderBy(lastAt, "desc")
    .orderBy("article_id", "desc")
    .limit(limit)
    .execute();
  const titles = await findArticleTitles(db, [...new Set(rows.map((row) => row.article_id))]);
  return rows.map((row) => {
    const article = titles.get(row.article_id);
    return {
      articleId: row.article_id,
      reason: row.held_reason,
      title: article?.title ?? null,
      slug: article?.slug ?? null,
      count: Number(row.count),
      up: Number(row.up),
      down: Number(row.down),
      firstAt: Number(row.first_at),
      lastAt: Number(row.last_at),
    };
  });
}

/** Distinct groups, so a group sent twice is handled once. */
function distinct(groups: readonly HeldGroupKey[]): HeldGroupKey[] {
  const byKey = new Map(groups.map((group) => [`${group.articleId}\u0000${group.reason ?? ""}`, group]));
  return [...byKey.values()];
}

export interface ReviewResult {
  /** Rows counted or discarded. */
  votes: number;
}

/**
 * Counts every vote of these groups: held → counted, and their values added to the article's counters
 * with relative updates (up + n, down + m, so concurrent writers add up), all in one transaction. The
 * values added are the ones the status update itself returns (RETURNING, under the row locks on
 * PostgreSQL), not an earlier read, so a held vote changed just before is counted with its new value.
 */
export async function countHeldVotes(db: Db, groups: readonly HeldGroupKey[]): Promise<ReviewResult> {
  const result = await db.transaction().execute(async (trx) => {
    let votes = 0;
    for (const group of distinct(groups)) {
      const counted = await trx
        .updateTable("votes")
        .set({ status: "counted" })
        .where("article_id", "=", group.articleId)
        .where("status", "=", "held")
        .where("held_reason", group.reason === null ? "is" : "=", group.reason)
        .returning(["value"])
        .execute();
      votes += counted.length;
      const up = counted.filter((row) => row.value === 1).length;
      const down = counted.filter((row) => row.value === -1).length;
      if (up === 0 && down === 0) continue;
      await trx
        .insertInto("vote_counters")
        .values({ article_id: group.articleId, up: 0, down: 0 })
        .onConflict((conflict) => conflict.column("article_id").doNothing())
        .execute();
      await trx
        .updateTable("vote_counters")
        .set({ up: sql`up + ${up}`, down: sql`down + ${down}` })
        .where("article_id", "=", group.articleId)
        .execute();
    }
    return { votes };
  });
  noteCountersMoved();
  return result;
}

/** Deletes every held vote of these groups, in one transaction. Held votes were never in the counters. */
export async function discardHeldVotes(db: Db, groups: readonly HeldGroupKey[]): Promise<ReviewResult> {
  return db.transaction().execute(async (trx) => {
    let votes = 0;
    for (const group of distinct(groups)) {
      const deleted = await trx
        .deleteFrom("votes")
        .where("article_id", "=", group.articleId)
        .where("status", "=", "held")
        .where("held_reason", group.reason === null ? "is" : "=", group.reason)
        .executeTakeFirst();
      votes += Number(deleted.numDeletedRows);
    }
    return { votes };
  });
}
