import type { SiteCheck } from "../backup/site-check.js";

/** Articles in every status (drafts and scheduled ones too) must survive a backup. */
export const articleCheck: SiteCheck = {
  name: "articles",
  async figures(db) {
    const rows = await db
      .selectFrom("articles")
      .select((eb) => ["status", eb.fn.countAll<number | string>().as("count")])
      .groupBy("status")
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  },
  problems: async () => [],
};
