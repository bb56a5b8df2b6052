import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { checkStamp, MIN_FORM_MS, stampForm } from "./form-stamp.js";

const SECRET = "property secret";

it("a stamp the site did not make is invalid, whatever its shape", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.nat(), (stamp, now) => {
      assert.equal(checkStamp(SECRET, stamp, now), "invalid");
    }),
    { numRuns: 3_000 },
  );
  // Well-formed but signed with another secret, or with the time changed.
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (shownAt) => {
      const later = shownAt + MIN_FORM_MS + 1_000;
      assert.equal(checkStamp(SECRET, stampForm("another secret", shownAt), later), "invalid");
      const [at, signature] = stampForm(SECRET, shownAt).split(".");
      assert.equal(checkStamp(SECRET, `${Number(at) - 1000}.${signature}`, later), "invalid");
    }),
  );
});

it("a stamp the site made is accepted once a person's time has passed, and too fast before", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.nat({ max: 10 * 60_000 }), (shownAt, waited) => {
      const stamp = stampForm(SECRET, shownAt);
      const shownSecond = shownAt - (shownAt % 1000);
      const expected = shownAt + waited - shownSecond < MIN_FORM_MS ? "too-fast" : "ok";
      assert.equal(checkStamp(SECRET, stamp, shownAt + waited), expected);
    }),
  );
});
