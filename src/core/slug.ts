import { slugify as transliterateSlug } from "transliteration";

export const MAX_SLUG_LENGTH = 120;

/** Turns a title in any language into a lowercase ASCII slug ("Ärger in Zürich" → "arger-in-zurich"). */
export function slugify(text: string): string {
  const slug = transliterateSlug(text, { lowercase: true, separator: "-", trim: true })
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
