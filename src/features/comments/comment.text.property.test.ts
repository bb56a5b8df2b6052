import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { countLinks, mayHoldLink } from "./comment.text.js";

/** Lines shaped like web addresses, often with a piece off (a space, another dot), around random text. */
const addressLike = fc
  .tuple(
    fc.string({ maxLength: 4 }),
    fc.constantFrom("", "http://", "https://", "HTTP://", "www.", "//", "http:"),
    fc.constantFrom("example", "a", "例え", "xn--80ak6aa92e", "localhost", "sub.example", "1.2.3"),
    fc.constantFrom(".", "。", "．", ":", " .", ". ", "", ".\u00a0"),
    fc.constantFrom("com", "io", "рф", "jp", "org", "x", ""),
    fc.constantFrom("", "/", "/path?q=1", ":8080", ".", "!"),
    fc.string({ maxLength: 4 }),
  )
  .map((pieces) => pieces.join(""));

it("a line that holds a web link always passes the quick test that skips linkify", () => {
  fc.assert(
    fc.property(addressLike, (line) => {
      if (countLinks(line) > 0) assert.ok(mayHoldLink(line), line);
    }),
    { numRuns: 20_000 },
  );
  // The samples must hold links often enough for the property to mean something.
  const samples = fc.sample(addressLike, 2_000);
  assert.ok(samples.filter((line) => countLinks(line) > 0).length > 200);
});
