import { escapeHtml } from "../../views/jsx.js";

/** What a reader's query becomes: plain words and quoted phrases, nothing a search engine would parse. */
export interface SearchTerms {
  words: string[];
  phrases: string[][];
  /** Words past MAX_QUERY_WORDS were left out. */
  truncated: boolean;
}

/** Longer queries are cut to this many words: enough for any real search, bounded work for any input. */
export const MAX_QUERY_WORDS = 12;
const MAX_WORD_LENGTH = 60;

/** Letters (with their combining marks) and digits, in any script; everything else separates words. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const wordsOf = (text: string) =>
  (text.match(WORD) ?? []).map((word) => word.toLowerCase().slice(0, MAX_WORD_LENGTH));

/**
 * Turns anything a reader may type — operators, unbalanced quotes, control characters, 10,000
 * characters — into words and "quoted phrases". Only letters and digits survive, so what reaches
 * FTS5's MATCH or PostgreSQL's tsquery parser can never be a syntax error.
 */
export function parseSearchQuery(raw: string): SearchTerms {
  const words: string[] = [];
  const phrases: string[][] = [];
  let budget = MAX_QUERY_WORDS;
  let truncated = false;
  // Text between pairs of double quotes is a phrase; an unpaired quote is just ignored.
  const parts = raw.normalize("NFKC").split('"');
  parts.forEach((part, index) => {
    const all = wordsOf(part);
    const found = all.slice(0, Math.max(budget, 0));
    truncated ||= found.length < all.length;
    budget -= found.length;
    const quoted = index % 2 === 1 && index < parts.length - 1;
    if (quoted && found.length > 1) phrases.push(found);
    else words.push(...found);
  });
  return { words: [...new Set(words)], phrases, truncated };
}

export const isEmptyQuery = (terms: SearchTerms) => terms.words.length === 0 && terms.phrases.length === 0;

/** FTS5: every word and phrase must match (implicit AND); each is a quoted string, so none is an operator. */
export const fts5MatchExpression = (terms: SearchTerms) =>
  [...terms.phrases.map((phrase) => `"${phrase.join(" ")}"`), ...terms.words.map((word) => `"${word}"`)].join(
    " ",
  );

/** PostgreSQL's websearch_to_tsquery input with the same meaning: quoted phrases and ANDed words. */
export const websearchText = (terms: SearchTerms) =>
  [...terms.phrases.map((phrase) => `"${phrase.join(" ")}"`), ...terms.words].join(" ");

/** The terms as the reader will recognise them, for "Results for …". */
export const describeTerms = (terms: SearchTerms) =>
  [...terms.phrases.map((phrase) => `"${phrase.join(" ")}"`), ...terms.words].join(" ");

/**
 * PostgreSQL text search configurations for the site's language (its stemmer and stop words);
 * languages PostgreSQL has no stemmer for use "simple" (no stemming, no stop words).
 */
const CONFIGS: Record<string, string> = {
  ar: "arabic",
  ca: "catalan",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  eu: "basque",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hi: "hindi",
  hu: "hungarian",
  hy: "armenian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  nb: "norwegian",
  ne: "nepali",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  yi: "yiddish",
};

export function textSearchConfig(language: string): string {
  return CONFIGS[language.split("-")[0]?.toLowerCase() ?? ""] ?? "simple";
}

/** Markers the database puts around matched words in a snippet; stripped from indexed text, so unambiguous. */
export const MARK_OPEN = "\u0002";
export const MARK_CLOSE = "\u0003";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Text as indexed: no control characters (so the snippet markers are unambiguous), single spaces. */
export const plainText = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The readable text of HTML we rendered (article bodies): tags dropped, entities decoded. */
export const htmlToText = (html: string) =>
  plainText(
    html
      .replace(/<[^>]*>/g, " ")
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_match, name: string) => ENTITIES[name] ?? " "),
  );

/** A snippet from the database as HTML: everything escaped, then only our own markers become `<mark>`. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(MARK_OPEN, "<mark>").replaceAll(MARK_CLOSE, "</mark>");
}
