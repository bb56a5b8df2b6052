import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  campaignFromForm,
  minimumsText,
  parseCountries,
  parseMinimums,
  rewardFromForm,
} from "./donation.forms.js";

describe("donation staff forms", () => {
  it("reads reward minimums per currency, exactly", () => {
    assert.deepEqual(parseMinimums("EUR 20, USD 25.50"), { ok: true, value: { EUR: 2000, USD: 2550 } });
    assert.deepEqual(parseMinimums("JPY 3000\nGBP 18"), { ok: true, value: { JPY: 3000, GBP: 1800 } });
    assert.equal(minimumsText({ EUR: 2000, USD: 2550 }), "EUR 20.00, USD 25.50");
    for (const bad of ["", "20", "EUR -1", "EUR 0", "XXX 5", "EUR 1.234"]) {
      assert.equal(parseMinimums(bad).ok, false, bad);
    }
  });

  it("reads countries and refuses a physical reward that ships nowhere", () => {
    assert.deepEqual(parseCountries("de, FR at"), { ok: true, value: ["DE", "FR", "AT"] });
    assert.equal(parseCountries("Germany").ok, false);
    const form = {
      name: "Mug",
      description: "",
      imageUrl: "",
      shipCountries: "",
      stock: "",
      minimums: "EUR 20",
    };
    assert.equal(rewardFromForm({ ...form, physical: "1" }).ok, false);
    assert.deepEqual(rewardFromForm({ ...form, stock: "5", active: "1" }), {
      ok: true,
      value: {
        name: "Mug",
        description: "",
        imageUrl: "",
        physical: false,
        shipCountries: [],
        stock: 5,
        active: true,
        minimums: { EUR: 2000 },
      },
    });
    assert.equal(rewardFromForm({ ...form, stock: "-1" }).ok, false);
  });

  it("reads a campaign's goal and dates in the site's time zone", () => {
    const form = {
      title: "Drive",
      description: "",
      goal: "10000",
      currency: "EUR",
      startsAt: "2026-12-01T00:00",
      endsAt: "2027-01-01T00:00",
    };
    const parsed = campaignFromForm(form, "Europe/Berlin");
    assert.ok(parsed.ok);
    assert.equal(parsed.value.startsAt, Date.UTC(2026, 10, 30, 23));
    assert.equal(parsed.value.goal.amount, 1_000_000);
    assert.equal(campaignFromForm({ ...form, endsAt: "2026-11-01T00:00" }, "UTC").ok, false);
    assert.equal(campaignFromForm({ ...form, goal: "0" }, "UTC").ok, false);
  });
});
