import { type ExportPart, tableType } from "../export/export-part.js";

/** Comments without the commenter's address hash, which is only good for spotting abuse on this site. */
export const commentExport: ExportPart = {
  feature: "comments",
  types: [
    tableType("comments", { withheld: { ip_hash: null } }),
    tableType("comment_flags", { key: ["comment_id", "flagger_key"] }),
    tableType("comment_bans", { key: ["subject"] }),
    tableType("comment_counters", { key: ["article_id"] }),
  ],
};
