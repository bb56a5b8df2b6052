import { type Expression, type SqlBool, sql } from "kysely";
import { dialectOf } from "../../storage/dialect-of.js";
import type { Db } from "../../storage/storage.js";
import { type ListFilter, sectionArticleIds, visibleArticleTimes } from "../articles/article.repository.js";
import { fts5MatchExpression, MARK_CLOSE, MARK_OPEN, type SearchTerms, websearchText } from "./search.js";

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
function sectionConditions(db: Db, idColumn: Expression<number>, filter: SearchFilter) {
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
 * Best matches first (title counts most, then standfirst, then body), newest first among equals;
 * only articles the public may see at `now`, decided when the query runs. `limit + 1` rows.
 */
export async function findMatches(db: Db, query: MatchQuery): Promise<SearchHit[]> {
  const visible = visibleArticleTimes(db, { now: query.now });
  if (dialectOf(db) === "postgres") {
    const tsquery = sql`websearch_to_tsquery(${query.config}::regconfig, ${websearchText(query.terms)})`;
    const options = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
    const { rows } = await sql<{ article_id: number; snippet: string }>`
      select ranked.article_id, ts_headline(${query.config}::regconfig, d.standfirst || ' ' || d.body, ranked.q, ${options}) as snippet
      from (
        select d.article_id, q, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.document, q) as rank, visible.published_at
        from search_documents d
        join (${visible}) as visible on visible.id = d.article_id
        cross join ${tsquery} as q
        where d.document @@ q${sql.join(sectionConditions(db, sql.ref("d.article_id"), query.filter), sql``)}
        order by rank desc, visible.published_at desc, d.article_id desc
        limit ${query.limit + 1} offset ${query.offset}
      ) as ranked
      join search_documents d on d.article_id = ranked.article_id
      order by ranked.rank desc, ranked.published_at desc, ranked.article_id desc`.execute(db);
    return rows.map((row) => ({ articleId: row.article_id, snippet: row.snippet }));
  }
  const { rows } = await sql<{ article_id: number; snippet: string }>`
    select search_index.rowid as article_id,
      snippet(search_index, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) as snippet
    from search_index
    join (${visible}) as visible on visible.id = search_index.rowid
    where search_index match ${fts5MatchExpression(query.terms)}${sql.join(
      sectionConditions(db, sql.ref("search_index.rowid"), query.filter),
      sql``,
    )}
    order by bm25(search_index, 10.0, 4.0, 1.0), visible.published_at desc, search_index.rowid desc
    limit ${query.limit + 1} offset ${query.offset}`.execute(db);
  return rows.map((row) => ({ articleId: row.article_id, snippet: row.snippet }));
}
