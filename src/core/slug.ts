import { createRequire } from "node:module";

type Transliteration = typeof import("transliteration");

/**
 * transliteration's tables cost megabytes, and most processes (a web server that only serves pages)
 * never slug a title; require() (the package is CommonJS) loads it on the first title that needs it
 * and keeps slugify synchronous for its many callers.
 */
let transliteration: Transliteration | undefined;
const transliterated = (text: string) => {
  transliteration ??= createRequire(import.meta.url)("transliteration") as Transliteration;
  return transliteration.slugify(text, { lowercase: true, separator: "-", trim: true });
};

export const MAX_SLUG_LENGTH = 120;

const plainAscii = /^[A-Za-z0-9 ]*$/;

/** Turns a title in any language into a lowercase ASCII slug ("Ärger in Zürich" → "arger-in-zurich"). */
export function slugify(text: string): string {
  // Plain ASCII words need no transliteration, which costs a hundred times more (bulk loads slug every title and tag).
  const ascii = plainAscii.test(text) ? text.toLowerCase() : transliterated(text);
  const slug = ascii
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-$/, "");
  return slug;
}

export const SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
const slugRegExp = new RegExp(SLUG_PATTERN);
export const isSlug = (text: string) => text.length <= MAX_SLUG_LENGTH && slugRegExp.test(text);
