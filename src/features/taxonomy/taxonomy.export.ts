import { type ExportPart, tableType } from "../export/export-part.js";

/** Sections (categories) and tags, with the old slugs that still lead to them. */
export const taxonomyExport: ExportPart = {
  feature: "taxonomy",
  types: [
    tableType("categories"),
    tableType("tags"),
    tableType("category_slug_redirects", { key: ["old_slug"] }),
    tableType("tag_slug_redirects", { key: ["old_slug"] }),
  ],
};
