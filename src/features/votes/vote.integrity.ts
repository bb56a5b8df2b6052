import type { SiteCheck } from "../backup/site-check.js";
import { findCounterDrift } from "./vote.repository.js";

/** Vote rows and counted votes must survive a backup, and every counter must equal its rows. */
export const voteCheck: SiteCheck = {
  name: "votes",
  async figures(db) {
    const row = await db
      .selectFrom("votes")
      .select((eb) => [
        eb.fn.countAll<number | string>().as("rows"),
        eb.fn
          .sum<number | string | null>(
            eb
              .case()
              .when(eb.and([eb("status", "=", "counted"), eb("value", "=", 1)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as("up"),
        eb.fn
          .sum<number | string | null>(
            eb
              .case()
              .when(eb.and([eb("status", "=", "counted"), eb("value", "=", -1)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as("down"),
      ])
      .executeTakeFirstOrThrow();
    return {
      rows: Number(row.rows),
      "counted up": Number(row.up ?? 0),
      "counted down": Number(row.down ?? 0),
    };
  },
  async problems(db) {
    return (await findCounterDrift(db)).map(
      (drift) =>
        `article ${drift.articleId}: counters say up ${drift.stored.up}, down ${drift.stored.down}; rows say up ${drift.fromRows.up}, down ${drift.fromRows.down}`,
    );
  },
};
