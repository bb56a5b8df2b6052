import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allowedCurrencies, decimalAmount, formatMoney, fromMajor, parseAmount } from "./money.js";

describe("money", () => {
  it("parses typed amounts into exact minor units", () => {
    const max = fromMajor(10_000, "EUR");
    assert.deepEqual(parseAmount("20", "EUR", max), { ok: true, amount: 2000 });
    assert.deepEqual(parseAmount("20.5", "EUR", max), { ok: true, amount: 2050 });
    assert.deepEqual(parseAmount(" 20,05 ", "EUR", max), { ok: true, amount: 2005 });
    assert.deepEqual(parseAmount("0.10", "EUR", max), { ok: true, amount: 10 });
    assert.deepEqual(parseAmount("19.990", "EUR", max), { ok: true, amount: 1999 });
    assert.deepEqual(parseAmount("1500", "JPY", fromMajor(10_000, "JPY")), { ok: true, amount: 1500 });
    assert.deepEqual(parseAmount("10000", "EUR", max), { ok: true, amount: 1_000_000 });
  });

  it("refuses what is not a positive amount the currency can hold", () => {
    const max = fromMajor(10_000, "EUR");
    const problem = (text: string, currency = "EUR") => {
      const result = parseAmount(text, currency, max);
      return result.ok ? "ok" : result.problem;
    };
    assert.equal(problem("-5"), "not-a-number");
    assert.equal(problem("abc"), "not-a-number");
    assert.equal(problem("1e3"), "not-a-number");
    assert.equal(problem(""), "not-a-number");
    assert.equal(problem("0"), "not-positive");
    assert.equal(problem("0.00"), "not-positive");
    assert.equal(problem("20.001"), "too-precise");
    assert.equal(problem("20.5", "JPY"), "too-precise");
    assert.equal(problem("10000.01"), "too-large");
    assert.equal(problem("999999999999"), "too-large");
  });

  it("formats in the site's language and writes exact decimals", () => {
    assert.equal(formatMoney({ amount: 2000, currency: "EUR" }, "en"), "€20");
    assert.equal(formatMoney({ amount: 2050, currency: "EUR" }, "en"), "€20.50");
    assert.equal(formatMoney({ amount: 2050, currency: "EUR" }, "de"), "20,50\u00a0€");
    assert.equal(formatMoney({ amount: 1500, currency: "JPY" }, "en"), "¥1,500");
    assert.equal(decimalAmount({ amount: 5, currency: "EUR" }), "0.05");
    assert.equal(decimalAmount({ amount: 123456, currency: "EUR" }), "1234.56");
    assert.equal(decimalAmount({ amount: 1500, currency: "JPY" }), "1500");
  });

  it("reads the allowed currencies from settings", () => {
    assert.deepEqual(allowedCurrencies("EUR,USD"), ["EUR", "USD"]);
    assert.deepEqual(allowedCurrencies("XYZ"), ["EUR"]);
  });
});
