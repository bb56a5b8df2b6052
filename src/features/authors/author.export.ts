import { type ExportPart, tableType } from "../export/export-part.js";

export const authorExport: ExportPart = { feature: "authors", types: [tableType("authors")] };
