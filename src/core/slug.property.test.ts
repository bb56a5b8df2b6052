import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { isSlug, MAX_SLUG_LENGTH, slugify } from "./slug.js";

it("slugify turns any text into a slug or nothing, and a slug into itself", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
      const slug = slugify(text);
      assert.ok(slug === "" || isSlug(slug), JSON.stringify(slug));
      assert.ok(slug.length <= MAX_SLUG_LENGTH);
      assert.equal(slugify(slug), slug, "slugify is idempotent");
    }),
    { numRuns: 2_000 },
  );
});
