import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { slugify as transliterateSlug } from "transliteration";
import { isSlug, MAX_SLUG_LENGTH, slugify } from "./slug.js";

describe("slugify", () => {
  const cases: [string, string][] = [
    ["Council passes budget", "council-passes-budget"],
    ["Café Zürich reopens", "cafe-zurich-reopens"],
    ["Россия удваивает ставки", "rossiya-udvaivaet-stavki"],
    ["Καλώς ήρθατε", "kalos-irthate"],
    ["北京欢迎你", "bei-jing-huan-ying-ni"],
    ["  --Hello,   World!!--  ", "hello-world"],
    ["ISIS’ territory (video)", "isis-territory-video"],
  ];
  for (const [title, slug] of cases) {
    it(`turns ${JSON.stringify(title)} into ${slug}`, () => assert.equal(slugify(title), slug));
  }

  it("slugs plain ASCII words (its shortcut) as transliteration does", () => {
    for (const title of ["Council Passes 2 Budgets", "  iPhone  sales   up ", "A", "", "x9 Y8 z7"]) {
      const expected = transliterateSlug(title, { lowercase: true, separator: "-", trim: true });
      assert.equal(slugify(title), expected);
    }
  });

  it("returns an empty slug when nothing is left to transliterate", () => assert.equal(slugify("🎉🎉"), ""));

  it("caps the length without leaving a trailing dash", () => {
    const slug = slugify("word ".repeat(100));
    assert.ok(slug.length <= MAX_SLUG_LENGTH);
    assert.ok(!slug.endsWith("-"));
    assert.ok(isSlug(slug));
  });
});

describe("isSlug", () => {
  it("accepts lowercase ASCII words joined by single dashes", () => assert.ok(isSlug("a-b-9")));
  for (const bad of [
    "",
    "A-b",
    "a--b",
    "-a",
    "a-",
    "a/b",
    "..",
    "a.b",
    "ä",
    "x".repeat(MAX_SLUG_LENGTH + 1),
  ]) {
    it(`rejects ${JSON.stringify(bad.slice(0, 20))}`, () => assert.ok(!isSlug(bad)));
  }
});
