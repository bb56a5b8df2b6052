import { forbidden } from "../../core/errors.js";
import type { Role } from "./account.table.js";

export type { Role };
export const ROLES: readonly Role[] = ["contributor", "author", "editor", "administrator", "owner"];

const rank = (role: Role) => ROLES.indexOf(role);
const atLeast = (role: Role, minimum: Role) => rank(role) >= rank(minimum);

/** What a staff member may try to do; article actions also need to know whose article it is. */
export type Action =
  | { kind: "article.create" }
  | { kind: "article.edit"; own: boolean; everPublished: boolean }
  | { kind: "article.publish"; own: boolean }
  /** Reading and writing the staff-only editorial notes on an article. */
  | { kind: "article.notes"; own: boolean }
  /** Publishing, scheduling or sending back any article a contributor submitted for review. */
  | { kind: "article.review" }
  /** Pinning a story to the top of the front page, and unpinning it. */
  | { kind: "article.pin" }
  | { kind: "taxonomy.manage" }
  | { kind: "media.upload" }
  | { kind: "media.delete" }
  | { kind: "reader-content.moderate" }
  /** Donations, donors' details and reward shipping addresses, rewards and campaigns. */
  | { kind: "donations.manage" }
  /** Newsletters, their subscribers' addresses, sending and the suppression list. */
  | { kind: "newsletters.manage" }
  | { kind: "staff.manage"; targetRole: Role }
  | { kind: "settings.manage" }
  /** Staff → Activity: the audit log of everyone's actions. */
  | { kind: "activity.view" }
  /** Settings → Export: everything, readers' and donors' personal data included. */
  | { kind: "site.export" }
  /** Settings → Design: custom CSS and header/footer code, which run on every public page. */
  | { kind: "site.code" }
  | { kind: "ownership.transfer" };

/**
 * The newsroom ladder, in one place (the same as Ghost's and WordPress's):
 * contributor — writes and edits own drafts, submits them for review, cannot publish;
 * author — also publishes and edits own articles;
 * editor — edits and publishes everyone's articles, manages categories/tags, moderates readers,
 *   sees donations and donors' shipping addresses and edits rewards and campaigns;
 * administrator — also manages staff (below owner) and site settings;
 * owner — also transfers ownership, downloads the export of everything, and sets custom CSS and code.
 */
export function can(role: Role, action: Action): boolean {
  switch (action.kind) {
    case "article.create":
    case "media.upload":
      return true;
    case "article.edit":
      if (atLeast(role, "editor")) return true;
      if (role === "author") return action.own;
      // A contributor's work stops being theirs to change once an editor has published it.
      return action.own && !action.everPublished;
    case "article.publish":
      return atLeast(role, "editor") || (role === "author" && action.own);
    case "article.notes":
      // The newsroom's notes on someone else's article are not a contributor's or an author's to read.
      return atLeast(role, "editor") || action.own;
    case "article.review":
    case "article.pin":
    case "taxonomy.manage":
    case "media.delete":
    case "reader-content.moderate":
    case "donations.manage":
    case "newsletters.manage":
      return atLeast(role, "editor");
    case "staff.manage":
      return atLeast(role, "administrator") && action.targetRole !== "owner";
    case "settings.manage":
    case "activity.view":
      return atLeast(role, "administrator");
    case "ownership.transfer":
    case "site.export":
    case "site.code":
      return role === "owner";
  }
}

export function requirePermission(role: Role, action: Action): void {
  if (!can(role, action)) throw forbidden();
}
