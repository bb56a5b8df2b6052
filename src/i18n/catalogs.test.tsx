import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { h } from "../views/jsx.js";
import type { Message } from "./catalog.js";
import { CATALOGS, createI18n } from "./i18n.js";
import { LANGUAGES, languageOf, SITE_LOCALES } from "./locales.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const texts = (message: Message) => (typeof message === "string" ? [message] : Object.values(message));

/**
 * Everything wrong with one language's catalog against English, one line each: a missing or extra
 * key, a plural where English has plain text (or the reverse), a plural without exactly the
 * language's categories, a placeholder English does not have (or lacks), any HTML.
 */
function catalogProblems(language: string, catalog: Readonly<Record<string, Message>>): string[] {
  const reference: Readonly<Record<string, Message>> = CATALOGS.en;
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();
  for (const key of Object.keys(reference)) {
    if (!(key in catalog)) problems.push(`${language}: missing key "${key}"`);
  }
  for (const [key, message] of Object.entries(catalog)) {
    const english = reference[key];
    if (english === undefined) {
      problems.push(`${language}: extra key "${key}" (not in English)`);
      continue;
    }
    if (typeof english !== typeof message) problems.push(`${language}: "${key}" must be like English's`);
    if (typeof message !== "string") {
      const has = Object.keys(message).sort();
      if (has.join() !== categories.join())
        problems.push(`${language}: "${key}" has plural forms ${has} but ${language} needs ${categories}`);
    }
    const wanted = placeholders(texts(english)[0] ?? "").join();
    for (const text of texts(message)) {
      if (placeholders(text).join() !== wanted)
        problems.push(`${language}: "${key}" has placeholders {${placeholders(text)}}, English {${wanted}}`);
      if (/[<>]/.test(text)) problems.push(`${language}: "${key}" contains markup; messages are plain text`);
    }
  }
  return problems;
}

describe("message catalogs", () => {
  for (const language of LANGUAGES) {
    it(`${language} has exactly English's keys, plural forms and placeholders`, () => {
      assert.deepEqual(catalogProblems(language, CATALOGS[language]), []);
    });
  }

  it("names what is wrong when a key is missing, extra, or a plural form is lacking", () => {
    const { "article.related": _dropped, ...rest } = CATALOGS.de;
    const broken = { ...rest, "article.relatd": "Verwandt", "votes.points": { other: "{count} Punkte" } };
    assert.deepEqual(catalogProblems("de", broken), [
      'de: missing key "article.related"',
      'de: "votes.points" has plural forms other but de needs one,other',
      'de: extra key "article.relatd" (not in English)',
    ]);
  });

  it("offers every shipped language as a site locale, and only those", () => {
    assert.deepEqual([...new Set(SITE_LOCALES.map(languageOf))], [...LANGUAGES]);
  });
});

describe("translator", () => {
  it("picks the plural form with Intl.PluralRules and formats the count for the locale", () => {
    const points = (locale: (typeof SITE_LOCALES)[number], count: number) =>
      createI18n(locale, "UTC").t("votes.points", { count });
    assert.equal(points("en", 1), "1 point");
    assert.equal(points("en", 41), "41 points");
    assert.equal(points("en", 0), "0 points");
    assert.equal(points("de", 1), "1 Punkt");
    assert.equal(points("de", 41), "41 Punkte");
    assert.equal(points("de", 1234), "1.234 Punkte");
    assert.equal(points("de-CH", 1234), "1'234 Punkte");
    assert.equal(points("fr", 0), "0 point", "French counts zero as one");
    assert.equal(points("fr", 2), "2 points");
    assert.equal(points("fr", 1_000_000), "1\u202f000\u202f000 de points");
    assert.equal(points("es", 1), "1 punto");
    assert.equal(points("es", 41), "41 puntos");
    assert.equal(createI18n("de", "UTC").t("comments.count", { count: 1 }), "1 Kommentar");
    assert.equal(createI18n("es", "UTC").t("comments.count", { count: 3 }), "3 comentarios");
  });

  it("fills placeholders with elements that JSX escapes, and lists in the site's language", () => {
    const i18n = createI18n("de", "UTC");
    const authors = i18n.list(["<Ada>", <a href="/author/bo/">Bo</a>, "Cy"]);
    const html = (<p>{i18n.rich("article.byline", { authors })}</p>).value;
    assert.equal(html, '<p>Von &lt;Ada&gt;, <a href="/author/bo/">Bo</a> und Cy</p>');
    assert.equal(createI18n("en", "UTC").list(["A", "B", "C"]).join(""), "A, B, and C");
  });

  it("writes dates in the site's locale and time zone", () => {
    const noonUtc = Date.UTC(2026, 2, 5, 12, 0);
    assert.equal(createI18n("de", "Europe/Berlin").dateTime(noonUtc), "5. März 2026 um 13:00");
    assert.equal(createI18n("fr", "UTC").date(noonUtc), "5 mars 2026");
    assert.equal(createI18n("es", "America/Mexico_City").date(noonUtc), "5 mar 2026");
  });
});
