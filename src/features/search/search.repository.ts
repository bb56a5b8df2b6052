import { type Expression, type SqlBool, sql } from "kysely";
import { dialectOf } from "../../storage/dialect-of.js";
import type { Db } from "../../storage/storage.js";
import { PUBLIC_STATUSES } from "../articles/article.js";
import { type ListFilter, sectionArticleIds } from "../articles/article.repository.js";
import { fts5MatchExpression, MARK_CLOSE, MARK_OPEN, type Phrase, type SearchTerms } from "./search.js";

export interface SearchFilter {
  categoryId?: number;
  tagId?: number;
  authorId?: number;
}

export interface SearchHit {
  articleId: number;
  /** Plain text with MARK_OPEN/MARK_CLOSE around the matched words. */
  snippet: string;
}

export interface MatchQuery {
  terms: SearchTerms;
  filter: SearchFilter;
  now: number;
  limit: number;
  offset: number;
  /** PostgreSQL text search configuration, e.g. "english". */
  config: string;
}

/** `id in (…)` for each filter given: the articles feature decides what a category, tag or author holds. */
function sectionConditions(db: Db, idColumn: Expression<unknown>, filter: SearchFilter) {
  const filters: ListFilter[] = [
    ...(filter.categoryId === undefined ? [] : [{ categoryId: filter.categoryId }]),
    ...(filter.tagId === undefined ? [] : [{ tagId: filter.tagId }]),
    ...(filter.authorId === undefined ? [] : [{ authorId: filter.authorId }]),
  ];
  return filters.flatMap((section) => {
    const ids = sectionArticleIds(db, section);
    return ids ? [sql<SqlBool>` and ${idColumn} in (${ids})`] : [];
  });
}

/**
 * How many of the newest matching articles are ranked. A word in most articles would otherwise cost
 * a relevance score for each of them; past this many matches, the best of the newest 2,000 are
 * shown (docs/decisions/0010-discovery.md). Fewer matches are all ranked.
 */
export const RANKED_CANDIDATES = 2000;

/**
 * Best matches first (title counts most, then standfirst, then body), newest first among equals;
 * only articles the public may see at `now` (PUBLIC_STATUSES, published by then), decided when the
 * query runs. `limit + 1` rows.
 */
export async function findMatches(db: Db, query: MatchQuery): Promise<SearchHit[]> {
  return dialectOf(db) === "postgres" ? findMatchesPostgres(db, query) : findMatchesSqlite(db, query);
}

/** Visible at `now` by the articles feature's rule, read from the copies in search_documents. */
const visibleDocument = (alias: string, now: number) =>
  sql`${sql.ref(`${alias}.status`)} in (${sql.join([...PUBLIC_STATUSES])}) and ${sql.ref(`${alias}.published_at`)} <= ${now}`;

/**
 * The terms as a PostgreSQL tsquery: each phrase through phraseto_tsquery (the site language's
 * stemmer and stop words), combined with the tsquery operators. These all share one precedence in
 * SQL, hence the parentheses around each.
 */
function tsqueryOf(terms: SearchTerms, config: string) {
  const phrase = (words: Phrase) => sql`phraseto_tsquery(${config}::regconfig, ${words.join(" ")})`;
  const groups = terms.groups.map((group) => sql`(${sql.join(group.map(phrase), sql` || `)})`);
  const excluded = terms.excluded.map((words) => sql`(!! ${phrase(words)})`);
  return sql`(${sql.join([...groups, ...excluded], sql` && `)})`;
}

async function findMatchesPostgres(db: Db, query: MatchQuery): Promise<SearchHit[]> {
  const tsquery = tsqueryOf(query.terms, query.config);
  const options = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const { rows } = await sql<{ article_id: number; snippet: string }>`
    with candidates as (
      select d.article_id, d.published_at
      from search_documents d
      where d.document @@ ${tsquery} and ${visibleDocument("d", query.now)}${sql.join(sectionConditions(db, sql.ref("d.article_id"), query.filter), sql``)}
      order by d.article_id desc
      limit ${RANKED_CANDIDATES}
    ), ranked as (
      select c.article_id, c.published_at, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.document, ${tsquery}) as rank
      from candidates c join search_documents d on d.article_id = c.article_id
      order by rank desc, c.published_at desc, c.article_id desc
      limit ${query.limit + 1} offset ${query.offset}
    )
    select ranked.article_id,
      ts_headline(${query.config}::regconfig, d.standfirst || ' ' || d.body, ${tsquery}, ${options}) as snippet
    from ranked join search_documents d on d.article_id = ranked.article_id
    order by ranked.rank desc, ranked.published_at desc, ranked.article_id desc`.execute(db);
  return rows.map((row) => ({ articleId: row.article_id, snippet: row.snippet }));
}

/**
 * FTS5 walks its matches newest id first and stops at RANKED_CANDIDATES, so only those are scored.
 * Visibility is read from the search_documents_visibility index, which holds only article_id, status
 * and published_at: by rowid, each check read a leaf page of article text (migration 2026-12-03-01).
 * CROSS JOIN keeps FTS5 the outer loop, and the unary "+" keeps section filters from being handed to
 * FTS5 as rowid lookups: either would make it search its index once per article instead of once.
 */
async function findMatchesSqlite(db: Db, query: MatchQuery): Promise<SearchHit[]> {
  const match = fts5MatchExpression(query.terms);
  const { rows } = await sql<{ article_id: number }>`
    select ranked.id as article_id from (
      select search_index.rowid as id, bm25(search_index, 10.0, 4.0, 1.0) as score, d.published_at
      from search_index
      cross join search_documents d indexed by search_documents_visibility on d.article_id = search_index.rowid
      where search_index match ${match} and ${visibleDocument("d", query.now)}${sql.join(sectionConditions(db, sql`+search_index.rowid`, query.filter), sql``)}
      order by search_index.rowid desc
      limit ${RANKED_CANDIDATES}
    ) as ranked
    order by ranked.score, ranked.published_at desc, ranked.id desc
    limit ${query.limit + 1} offset ${query.offset}`.execute(db);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.article_id);
  // Snippets only for the page shown, in a second query: in the first, SQLite would make one per match.
  const snippets = await sql<{ article_id: number; snippet: string }>`
    select rowid as article_id, snippet(search_index, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) as snippet
    from search_index
    where search_index match ${match} and rowid in (${sql.join(ids)})`.execute(db);
  const byId = new Map(snippets.rows.map((row) => [row.article_id, row.snippet]));
  return ids.map((id) => ({ articleId: id, snippet: byId.get(id) ?? "" }));
}
