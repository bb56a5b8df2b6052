import { sql } from "kysely";

/**
 * The counts readers see from a `vote_counters` row (under this table name or alias): per-reader votes
 * plus any legacy tally imported from another platform (decision 0021). The vote widget and the
 * rankings both read them, so an imported article ranks by the points its page shows.
 */
export const shownCountsOf = (table: string) =>
  [
    sql<number>`${sql.ref(`${table}.up`)} + ${sql.ref(`${table}.legacy_up`)}`.as("up"),
    sql<number>`${sql.ref(`${table}.down`)} + ${sql.ref(`${table}.legacy_down`)}`.as("down"),
  ] as const;

/** Read in the same one-row select as before the legacy tally, so the vote path costs the same. */
export const shownCounts = shownCountsOf("vote_counters");
