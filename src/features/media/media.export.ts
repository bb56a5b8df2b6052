import { type ExportPart, tableType } from "../export/export-part.js";

/** The media library's records; the files themselves travel under media/ (see export.service.ts). */
export const mediaExport: ExportPart = { feature: "media", types: [tableType("media")] };
