import { type ExportPart, tableType } from "../export/export-part.js";

/** Reader accounts; their sessions and sign-in links are not exported. */
export const readerExport: ExportPart = { feature: "readers", types: [tableType("readers")] };
