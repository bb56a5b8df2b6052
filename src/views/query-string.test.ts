import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withQuery } from "./query-string.js";

describe("withQuery", () => {
  it("keeps the non-empty parameters in order, encoded, and adds no ? when there are none", () => {
    assert.equal(
      withQuery("/a/", { q: "x & y", page: 2, empty: "", none: undefined, off: false }),
      "/a/?q=x+%26+y&page=2",
    );
    assert.equal(withQuery("/a/", { q: "", page: undefined }), "/a/");
    assert.equal(withQuery("/a/", { zero: 0, on: true }), "/a/?zero=0&on=true");
  });
});
