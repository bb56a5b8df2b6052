import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Action, can, ROLES, type Role } from "./roles.js";

// The whole ladder as a truth table: one row per action, one column per role (C A E Ad O).
const MATRIX: [string, Action, [boolean, boolean, boolean, boolean, boolean]][] = [
  ["create an article", { kind: "article.create" }, [true, true, true, true, true]],
  [
    "edit own draft",
    { kind: "article.edit", own: true, everPublished: false },
    [true, true, true, true, true],
  ],
  [
    "edit own published article",
    { kind: "article.edit", own: true, everPublished: true },
    [false, true, true, true, true],
  ],
  [
    "edit someone else's draft",
    { kind: "article.edit", own: false, everPublished: false },
    [false, false, true, true, true],
  ],
  [
    "edit someone else's published article",
    { kind: "article.edit", own: false, everPublished: true },
    [false, false, true, true, true],
  ],
  ["publish own article", { kind: "article.publish", own: true }, [false, true, true, true, true]],
  [
    "publish someone else's article",
    { kind: "article.publish", own: false },
    [false, false, true, true, true],
  ],
  [
    "read and write notes on own article",
    { kind: "article.notes", own: true },
    [true, true, true, true, true],
  ],
  [
    "read and write notes on someone else's article",
    { kind: "article.notes", own: false },
    [false, false, true, true, true],
  ],
  ["review submitted drafts", { kind: "article.review" }, [false, false, true, true, true]],
  ["manage categories and tags", { kind: "taxonomy.manage" }, [false, false, true, true, true]],
  ["upload media", { kind: "media.upload" }, [true, true, true, true, true]],
  ["delete media", { kind: "media.delete" }, [false, false, true, true, true]],
  ["moderate reader content", { kind: "reader-content.moderate" }, [false, false, true, true, true]],
  [
    "manage an editor's account",
    { kind: "staff.manage", targetRole: "editor" },
    [false, false, false, true, true],
  ],
  [
    "manage an administrator's account",
    { kind: "staff.manage", targetRole: "administrator" },
    [false, false, false, true, true],
  ],
  [
    "manage the owner's account",
    { kind: "staff.manage", targetRole: "owner" },
    [false, false, false, false, false],
  ],
  ["manage site settings", { kind: "settings.manage" }, [false, false, false, true, true]],
  ["transfer ownership", { kind: "ownership.transfer" }, [false, false, false, false, true]],
];

describe("the role ladder", () => {
  it("lists the roles from least to most trusted", () => {
    assert.deepEqual(ROLES, ["contributor", "author", "editor", "administrator", "owner"]);
  });
  for (const [label, action, expected] of MATRIX) {
    for (const [index, role] of ROLES.entries()) {
      const allowed = expected[index];
      it(`${role} ${allowed ? "may" : "may not"} ${label}`, () => {
        assert.equal(can(role as Role, action), allowed);
      });
    }
  }
});
