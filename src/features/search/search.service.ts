import type { Db } from "../../storage/storage.js";
import type { ArticleSummary } from "../articles/article.js";
import { findVisibleSummaries } from "../articles/article.queries.js";
import {
  hasNothingToFind,
  parseSearchQuery,
  type SearchTerms,
  snippetHtml,
  textSearchConfig,
} from "./search.js";
import { findMatches, type SearchFilter } from "./search.repository.js";

export interface SearchResult {
  article: ArticleSummary;
  /** Escaped text in which only the matched words are wrapped in `<mark>`. */
  snippetHtml: string;
}

export interface SearchResults {
  terms: SearchTerms;
  items: SearchResult[];
  page: number;
  hasNext: boolean;
}

export interface SearchRequest {
  query: string;
  filter: SearchFilter;
  page: number;
  perPage: number;
  now: number;
  /** The site's language, which picks PostgreSQL's stemmer. */
  language: string;
}

/** Ranked, visible articles matching the reader's words; a query with no words finds nothing. */
export async function searchArticles(db: Db, request: SearchRequest): Promise<SearchResults> {
  const terms = parseSearchQuery(request.query);
  const empty = { terms, items: [], page: request.page, hasNext: false };
  if (hasNothingToFind(terms)) return empty;
  const hits = await findMatches(db, {
    terms,
    filter: request.filter,
    now: request.now,
    limit: request.perPage,
    offset: (request.page - 1) * request.perPage,
    config: textSearchConfig(request.language),
  });
  const shown = hits.slice(0, request.perPage);
  const found = await findVisibleSummaries(
    db,
    shown.map((hit) => hit.articleId),
    request.now,
  );
  const summaries = new Map(found.map((summary) => [summary.id, summary]));
  const items = shown.flatMap((hit) => {
    const article = summaries.get(hit.articleId);
    return article ? [{ article, snippetHtml: snippetHtml(hit.snippet) }] : [];
  });
  return { ...empty, items, hasNext: hits.length > request.perPage };
}
