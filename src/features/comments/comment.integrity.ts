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
    const fromRows = await db
      .selectFrom("comments")
      .select((eb) => ["article_id", eb.fn.countAll<number | string>().as("approved")])
      .where("status", "=", "approved")
      .groupBy("article_id")
      .execute();
    const stored = await db.selectFrom("comment_counters").select(["article_id", "approved"]).execute();
    const truth = new Map(fromRows.map((row) => [row.article_id, Number(row.approved)]));
    const kept = new Map(stored.map((row) => [row.article_id, row.approved]));
    return [...new Set([...truth.keys(), ...kept.keys()])]
      .filter((id) => (truth.get(id) ?? 0) !== (kept.get(id) ?? 0))
      .sort((a, b) => a - b)
      .map(
        (id) => `article ${id}: counter says ${kept.get(id) ?? 0} approved, rows say ${truth.get(id) ?? 0}`,
      );
  },
};
