import type { Generated } from "kysely";

export type VoteValue = -1 | 0 | 1;
export type VoteStatus = "counted" | "held";

export interface VoteTables {
  votes: {
    id: Generated<number>;
    article_id: number;
    /** "anon:<id>" for a cookie-identified reader, "reader:<id>" once reader accounts exist. */
    voter_key: string;
    value: VoteValue;
    status: VoteStatus;
    held_reason: string | null;
    /** Keyed hashes (HMAC with the site secret); the raw address is never stored. */
    ip_hash: string;
    network_hash: string;
    /** 1 when the vote came with a freshly issued voter cookie (a client that may not keep cookies). */
    fresh_voter: number;
    created_at: number;
    updated_at: number;
  };
  /**
   * `up`/`down` count the per-reader rows; `legacy_up`/`legacy_down` are totals imported from another
   * platform (no rows behind them). Readers see the sum.
   */
  vote_counters: {
    article_id: number;
    up: number;
    down: number;
    legacy_up: Generated<number>;
    legacy_down: Generated<number>;
  };
  vote_network_hours: { article_id: number; network_hash: string; hour: number; votes: number };
}
