import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { minimumsText, parseCountries, parseMinimums } from "./donation.forms.js";

it("reward minimums: any text parses or is refused with a message, and what parses writes back the same", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
      const parsed = parseMinimums(text);
      if (!parsed.ok) return assert.ok(parsed.error.length > 0);
      assert.deepEqual(parseMinimums(minimumsText(parsed.value)), parsed);
    }),
    { numRuns: 3_000 },
  );
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom("EUR", "USD", "JPY", "GBP"), fc.integer({ min: 1, max: 10_000_000 }), {
        minKeys: 1,
      }),
      (minimums) => {
        const parsed = parseMinimums(minimumsText(minimums));
        assert.deepEqual(parsed, { ok: true, value: { ...minimums } });
      },
    ),
  );
});

it("shipping countries: any text gives two-letter codes or a message", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
      const parsed = parseCountries(text);
      if (parsed.ok) for (const code of parsed.value) assert.match(code, /^[A-Z]{2}$/);
      else assert.ok(parsed.error.length > 0);
    }),
    { numRuns: 3_000 },
  );
});
