import { countRows, insertPlainRows, type PlainRow, tableRows } from "../../storage/table-rows.js";
import type { ExportPart } from "../export/export-part.js";

/** Never exported: it signs cookies and keys address hashes, and the importing site keeps its own. */
const SECRET_KEYS = new Set(["site_secret"]);
const isShareable = (row: PlainRow) => !SECRET_KEYS.has(String(row.key));

/** Settings replace the new site's, one key at a time (a new site may already hold some). */
export const settingsExport: ExportPart = {
  feature: "settings",
  types: [
    {
      name: "settings",
      inNewSites: true,
      count: (db) => countRows(db, "settings"),
      async *rows(db) {
        for await (const row of tableRows(db, "settings", ["key"])) if (isShareable(row)) yield row;
      },
      async insert(db, rows) {
        const shareable = rows.filter(isShareable);
        if (shareable.length === 0) return;
        const keys = shareable.map((row) => String(row.key));
        await db.deleteFrom("settings").where("key", "in", keys).execute();
        await insertPlainRows(db, "settings", shareable);
      },
    },
  ],
};
