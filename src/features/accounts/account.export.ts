import { type ExportPart, tableType } from "../export/export-part.js";

/**
 * Staff accounts without their password hashes: an imported account has no password until its owner
 * follows a reset link (`masthead reset-password`). Sessions and one-time links are not exported.
 */
export const accountExport: ExportPart = {
  feature: "accounts",
  types: [tableType("users", { withheld: { password_hash: null } })],
};
