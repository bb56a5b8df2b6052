import { escapeHtml } from "../../views/jsx.js";

/** Words that must stand together, in order; a single word is a phrase of one. */
export type Phrase = string[];

/**
 * What a reader's query becomes: `fees harbour OR port -"harbour wall"` is
 * fees AND (harbour OR port) AND NOT "harbour wall". Only letters and digits survive, so what
 * reaches FTS5's MATCH or PostgreSQL's tsquery functions can never be a syntax error.
 */
export interface SearchTerms {
  /** Every group must match; a group matches when any of its phrases does. */
  groups: Phrase[][];
  /** No match may contain any of these. */
  excluded: Phrase[];
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

type Token = { or: true } | { or: false; words: Phrase; negated: boolean };

/**
 * Quoted text is one phrase (an unpaired quote is ignored); elsewhere each space-separated chunk is
 * one, so "e-mail" stays the two adjacent words both engines index. A leading "-" negates;
 * "OR" in capitals joins its neighbours, as in web search engines: lower-case "or" is a word.
 */
function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  const parts = raw.normalize("NFKC").split('"');
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1 && index < parts.length - 1;
    if (quoted) {
      const negated = /(^|\s)-$/.test(parts[index - 1] ?? "");
      tokens.push({ or: false, words: wordsOf(part), negated });
      return;
    }
    for (const chunk of part.split(/\s+/)) {
      if (chunk === "OR") tokens.push({ or: true });
      else tokens.push({ or: false, words: wordsOf(chunk), negated: chunk.startsWith("-") });
    }
  });
  return tokens.filter((token) => token.or || token.words.length > 0);
}

const unique = <T>(items: T[]) => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];

/**
 * Anything a reader may type — stray operators, unbalanced quotes, control characters, 10,000
 * characters — becomes SearchTerms. An OR next to nothing or next to an excluded term is ignored.
 */
export function parseSearchQuery(raw: string): SearchTerms {
  const groups: Phrase[][] = [];
  const excluded: Phrase[] = [];
  let budget = MAX_QUERY_WORDS;
  let truncated = false;
  let joinNext = false;
  let previousIncluded = false;
  for (const token of tokenize(raw)) {
    if (token.or) {
      joinNext = previousIncluded;
      continue;
    }
    const words = token.words.slice(0, Math.max(budget, 0));
    truncated ||= words.length < token.words.length;
    budget -= words.length;
    if (words.length === 0) continue;
    if (token.negated) excluded.push(words);
    else if (joinNext) groups.at(-1)?.push(words);
    else groups.push([words]);
    previousIncluded = !token.negated;
    joinNext = false;
  }
  return { groups: unique(groups.map(unique)), excluded: unique(excluded), truncated };
}

export const isEmptyQuery = (terms: SearchTerms) => terms.groups.length === 0 && terms.excluded.length === 0;

/** Only words to leave out: neither engine can list "everything except", so there is nothing to search. */
export const hasNothingToFind = (terms: SearchTerms) => terms.groups.length === 0;

const fts5Phrase = (phrase: Phrase) => `"${phrase.join(" ")}"`;

/** FTS5: each phrase is a quoted string (so never an operator), groups ANDed, exclusions NOTed. */
export function fts5MatchExpression(terms: SearchTerms): string {
  const groups = terms.groups.map((group) => `(${group.map(fts5Phrase).join(" OR ")})`);
  return terms.excluded.reduce(
    (match, phrase) => `${match} NOT ${fts5Phrase(phrase)}`,
    `(${groups.join(" AND ")})`,
  );
}

const readablePhrase = (phrase: Phrase) => (phrase.length > 1 ? `"${phrase.join(" ")}"` : phrase.join(""));

/** The terms as the reader will recognise them, for "Search: …". */
export const describeTerms = (terms: SearchTerms) =>
  [
    ...terms.groups.map((group) => group.map(readablePhrase).join(" OR ")),
    ...terms.excluded.map((phrase) => `-${readablePhrase(phrase)}`),
  ].join(" ");

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
