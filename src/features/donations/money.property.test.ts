import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { AMOUNT_PROBLEMS, decimalAmount, formatMoney, minorDigits, parseAmount } from "./money.js";

const CURRENCIES = ["EUR", "USD", "JPY", "KWD", "CHF", "GBP"];
const MAXIMUM = 100_000_000;

it("parseAmount answers any text with an amount or a known problem, never a throw or a fraction", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom(...CURRENCIES),
      (text, currency) => {
        const parsed = parseAmount(text, currency, MAXIMUM);
        if (parsed.ok) {
          assert.ok(Number.isSafeInteger(parsed.amount) && parsed.amount > 0 && parsed.amount <= MAXIMUM);
        } else {
          assert.ok(parsed.problem in AMOUNT_PROBLEMS);
        }
      },
    ),
    { numRuns: 3_000 },
  );
});

it("an amount written out by decimalAmount parses back to itself, with a comma or a point", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: MAXIMUM }), fc.constantFrom(...CURRENCIES), (amount, currency) => {
      const text = decimalAmount({ amount, currency });
      assert.deepEqual(parseAmount(text, currency, MAXIMUM), { ok: true, amount });
      assert.deepEqual(parseAmount(text.replace(".", ","), currency, MAXIMUM), { ok: true, amount });
      assert.ok(formatMoney({ amount, currency }, "en").length > 0);
      if (minorDigits(currency) === 0) assert.ok(!text.includes("."));
    }),
    { numRuns: 3_000 },
  );
});
