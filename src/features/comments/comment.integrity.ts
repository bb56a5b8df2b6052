import { idRanges } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import type { SiteCheck } from "../backup/site-check.js";

/** Comments must survive a backup, and each article's approved-comment counter must equal its rows. */
export const commentCheck: SiteCheck = {
  name: "comments",
  async figures(db) {
    const row = await db
      .selectFrom("comments")
      .select((eb) => [
        eb.fn.countAll<number | string>().as("rows"),
        eb.fn
          .sum<number | string | null>(eb.case().when("status", "=", "approved").then(1).else(0).end())
          .as("approved"),
      ])
      .executeTakeFirstOrThrow();
    return { rows: Number(row.rows), approved: Number(row.approved ?? 0) };
  },
  async problems(db) {
    const problems: string[] = [];
    for (const [from, to] of idRanges(await lastCommentedArticleId(db), CHECKED_ARTICLES_AT_ONCE)) {
      // Approved ones counted, not filtered: a status condition would draw the planner to the
      // (status, created_at) index and every approved comment of the archive, range after range.
      const fromRows = await db
        .selectFrom("comments")
        .select((eb) => [
          "article_id",
          eb.fn
            .sum<number | string>(eb.case().when("status", "=", "approved").then(1).else(0).end())
            .as("approved"),
        ])
        .where("article_id", ">=", from)
        .where("article_id", "<=", to)
        .groupBy("article_id")
        .execute();
      const stored = await db
        .selectFrom("comment_counters")
        .select(["article_id", "approved"])
        .where("article_id", ">=", from)
        .where("article_id", "<=", to)
        .execute();
      const truth = new Map(fromRows.map((row) => [row.article_id, Number(row.approved)]));
      const kept = new Map(stored.map((row) => [row.article_id, row.approved]));
      for (const id of [...new Set([...truth.keys(), ...kept.keys()])].sort((a, b) => a - b)) {
        if ((truth.get(id) ?? 0) !== (kept.get(id) ?? 0))
          problems.push(
            `article ${id}: counter says ${kept.get(id) ?? 0} approved, rows say ${truth.get(id) ?? 0}`,
          );
      }
    }
    return problems;
  },
};

/** Articles whose comments `problems` compares per query: memory stays bounded on any archive. */
const CHECKED_ARTICLES_AT_ONCE = 5_000;

async function lastCommentedArticleId(db: Db): Promise<number> {
  let last = 0;
  for (const table of ["comments", "comment_counters"] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max("article_id").as("last"))
      .executeTakeFirst();
    last = Math.max(last, Number(row?.last ?? 0));
  }
  return last;
}
