import { type ExportPart, tableType } from "../export/export-part.js";

/**
 * Per-reader votes by voter key only: the keyed hashes of the voter's address and network stay on this
 * site (they mean nothing under another site's secret), as do the per-network hourly tallies. The
 * counters travel with their legacy (imported) tallies.
 */
export const voteExport: ExportPart = {
  feature: "votes",
  types: [
    tableType("votes", { withheld: { ip_hash: "", network_hash: "" } }),
    tableType("vote_counters", { key: ["article_id"] }),
  ],
};
