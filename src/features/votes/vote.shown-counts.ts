import { sql } from "kysely";

/**
 * The counts readers see: per-reader votes plus any legacy tally imported from another platform
 * (decision 0021). Read in the same one-row select as before, so the vote path costs the same.
 */
export const shownCounts = [
  sql<number>`vote_counters.up + vote_counters.legacy_up`.as("up"),
  sql<number>`vote_counters.down + vote_counters.legacy_down`.as("down"),
] as const;
