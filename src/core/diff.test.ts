import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffLines } from "./diff.js";

describe("diffLines", () => {
  it("marks kept, added and removed lines in order", () => {
    assert.deepEqual(diffLines("a\nb\nc", "a\nc\nd"), [
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
  });

  it("reports no change for equal texts and everything for disjoint ones", () => {
    assert.ok(diffLines("x\ny", "x\ny").every((line) => line.kind === "same"));
    const lines = diffLines("old", "new");
    assert.deepEqual(lines, [
      { kind: "removed", text: "old" },
      { kind: "added", text: "new" },
    ]);
  });
});
