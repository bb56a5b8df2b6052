import { slugify } from "../../../core/slug.js";

// A hashtag starts with a letter and may join words with underscores; the lookbehind keeps `C#` and
// `foo#bar` literal, and `##word` too.
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_#])#\p{L}[\p{L}\p{M}\p{N}]*(?:_+[\p{L}\p{M}\p{N}]+)*/gu;

export interface HashtagLink {
  /** As written, with its "#". */
  text: string;
  tagName: string;
  tagSlug: string;
}

/** "Deir_ez_Zor" (or "#Deir_ez_Zor") → "Deir ez Zor". */
export function hashtagToTagName(hashtag: string): string {
  return hashtag.replace(/^#/, "").replace(/_+/g, " ").trim();
}

/** The text cut into plain runs and hashtags (those whose name makes a slug). */
export function splitHashtags(text: string): Array<string | HashtagLink> {
  const parts: Array<string | HashtagLink> = [];
  let consumedUpTo = 0;
  for (const match of text.matchAll(HASHTAG)) {
    const [hashtag] = match;
    const tagName = hashtagToTagName(hashtag);
    const tagSlug = slugify(tagName);
    if (!tagSlug) continue;
    if (match.index > consumedUpTo) parts.push(text.slice(consumedUpTo, match.index));
    parts.push({ text: hashtag, tagName, tagSlug });
    consumedUpTo = match.index + hashtag.length;
  }
  if (consumedUpTo < text.length) parts.push(text.slice(consumedUpTo));
  return parts;
}
