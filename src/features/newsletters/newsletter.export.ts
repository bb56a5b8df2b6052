import { type ExportPart, tableType } from "../export/export-part.js";

/**
 * Newsletters, their sections, subscribers (their consent: status and source) and the suppression list,
 * and the issues already sent. The delivery queue and pending opt-in links are work in progress, not records.
 */
export const newsletterExport: ExportPart = {
  feature: "newsletters",
  types: [
    tableType("newsletters"),
    tableType("newsletter_sections", { key: ["newsletter_id", "category_id"] }),
    tableType("newsletter_subscriptions", { key: ["newsletter_id", "email"] }),
    tableType("newsletter_suppressions", { key: ["email"] }),
    tableType("newsletter_issues"),
  ],
};
