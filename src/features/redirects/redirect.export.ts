import { type ExportPart, tableType } from "../export/export-part.js";

export const redirectExport: ExportPart = { feature: "redirects", types: [tableType("redirects")] };
