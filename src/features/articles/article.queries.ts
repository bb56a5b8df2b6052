import { memoByContentVersion } from "../../http/version-memo.js";
import { prepare, slot } from "../../storage/statements.js";
import type { Db, Storage } from "../../storage/storage.js";
import type { Author } from "../authors/author.js";
import { findAuthorsByIds } from "../authors/author.repository.js";
import type { Category, Tag } from "../taxonomy/taxonomy.js";
import { findCategoriesByIds, findTagsByIds } from "../taxonomy/taxonomy.repository.js";
import { type Article, type ArticleDetail, type ArticleSummary, isPubliclyVisible } from "./article.js";
import type { ListPositions } from "./article.positions.js";
import {
  featuredImageOf,
  findArticleBySlug,
  findArticlesSharingTags,
  findNeighbour,
  findNewestInCategory,
  findRedirectTarget,
  findVisibleCardsByIds,
  type ListFilter,
  type ListQuery,
  listVisibleArticles,
  listVisibleCards,
  loadArticleLinks,
  loadAttributions,
  loadLinkedIds,
  nextScheduledPublication,
  toArticle,
} from "./article.repository.js";
import type { CardRow, ReaderRow } from "./article.table.js";

const RELATED_COUNT = 3;

const pick = <T>(byId: Map<number, T>, ids: readonly number[]) => ids.flatMap((id) => byId.get(id) ?? []);

/** Turns rows into summaries with a fixed number of queries, however many rows there are. */
async function summarise(db: Db, rows: readonly CardRow[]): Promise<ArticleSummary[]> {
  const ids = rows.map((row) => row.id);
  const authorIdsByArticle = await loadLinkedIds(db, "article_authors", ids);
  const authors = await findAuthorsByIds(db, [...new Set([...authorIdsByArticle.values()].flat())]);
  const categoryIds = rows.flatMap((row) =>
    row.primary_category_id === null ? [] : [row.primary_category_id],
  );
  const categories = await findCategoriesByIds(db, [...new Set(categoryIds)]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    publishedAt: row.published_at ?? 0,
    image: featuredImageOf(row),
    primaryCategory: (row.primary_category_id !== null && categories.get(row.primary_category_id)) || null,
    authors: pick(authors, authorIdsByArticle.get(row.id) ?? []),
  }));
}

export interface ArticlePage {
  items: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/**
 * One page of a public list. The first page is read directly (newest first, `perPage + 1` rows); a
 * later one, given the list positions, by the ids that page holds, so its cost does not grow with its
 * number (without them, by an offset: fine for the few pages a small list has).
 */
export async function listArticles(
  db: Db,
  query: { now: number; page: number; perPage: number; filter?: ListFilter; positions?: ListPositions },
): Promise<ArticlePage> {
  const filter = query.filter ?? {};
  const rows =
    query.positions && query.page > 1
      ? await rowsInOrder(db, await query.positions.pageIds({ ...query, filter }), query.now)
      : await listVisibleCards(db, {
          now: query.now,
          limit: query.perPage,
          offset: (query.page - 1) * query.perPage,
          filter,
        });
  return {
    items: await summarise(db, rows.slice(0, query.perPage)),
    page: query.page,
    hasNext: rows.length > query.perPage,
  };
}

/** The visible articles of these ids as list cards, in the order of the ids (pins, rankings). */
export async function findVisibleSummaries(
  db: Db,
  ids: readonly number[],
  now: number,
): Promise<ArticleSummary[]> {
  return summarise(db, await rowsInOrder(db, ids, now));
}

/** The visible rows of these ids, in the order of the ids. */
async function rowsInOrder(db: Db, ids: readonly number[], now: number): Promise<CardRow[]> {
  const byId = new Map((await findVisibleCardsByIds(db, ids, now)).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The article at this slug if the public may see it, with its sections: for the Content API. */
export async function findPublishedArticle(
  db: Db,
  slug: string,
  now: number,
): Promise<PublishedArticle | undefined> {
  const row = await findArticleBySlug(db, slug);
  if (!row || !isPubliclyVisible(row, now)) return undefined;
  return (await withSections(db, [row]))[0];
}

/** A visible article with everything that describes it, for feeds and the Content API. */
export interface PublishedArticle {
  article: Article & { publishedAt: number };
  categories: Category[];
  tags: Tag[];
  authors: Author[];
}

/**
 * The newest visible articles (optionally of one section) with their categories, tags and authors:
 * a fixed number of queries however many there are. `limit + 1` rows, as every list here.
 */
export async function listPublishedArticles(
  db: Db,
  query: Omit<ListQuery, "filter"> & { filter?: ListFilter },
): Promise<PublishedArticle[]> {
  return withSections(db, await listVisibleArticles(db, { ...query, filter: query.filter ?? {} }));
}

async function withSections(db: Db, rows: readonly ReaderRow[]): Promise<PublishedArticle[]> {
  const ids = rows.map((row) => row.id);
  const [categoryIds, tagIds, authorIds] = await Promise.all([
    loadLinkedIds(db, "article_categories", ids),
    loadLinkedIds(db, "article_tags", ids),
    loadLinkedIds(db, "article_authors", ids),
  ]);
  const all = (byArticle: Map<number, number[]>) => [...new Set([...byArticle.values()].flat())];
  const [categories, tags, authors] = await Promise.all([
    findCategoriesByIds(db, all(categoryIds)),
    findTagsByIds(db, all(tagIds)),
    findAuthorsByIds(db, all(authorIds)),
  ]);
  return rows.map((row) => ({
    article: { ...toArticle(row), publishedAt: row.published_at ?? 0 },
    categories: pick(categories, categoryIds.get(row.id) ?? []),
    tags: pick(tags, tagIds.get(row.id) ?? []),
    authors: pick(authors, authorIds.get(row.id) ?? []),
  }));
}

/** The article at this slug as the public sees it at `now`, with everything its page shows. */
export async function findPublicArticle(
  db: Db,
  slug: string,
  now: number,
): Promise<ArticleDetail | undefined> {
  const row = await findArticleBySlug(db, slug);
  return row && isPubliclyVisible(row, now) ? loadDetail(db, row, now) : undefined;
}

/** Where an article that used to live at this slug lives now. */
export const findMovedArticleSlug = (db: Db, oldSlug: string) => findRedirectTarget(db, oldSlug);

async function loadDetail(db: Db, row: ReaderRow, now: number): Promise<ArticleDetail> {
  const article = { ...toArticle(row), publishedAt: row.published_at ?? 0 };
  const {
    article_categories: categoryIds,
    article_tags: tagIds,
    article_authors: authorIds,
  } = await loadArticleLinks(db, row.id);
  const [categories, tags, authors, attributions, older, newer, related] = await Promise.all([
    findCategoriesByIds(db, categoryIds),
    findTagsByIds(db, tagIds),
    findAuthorsByIds(db, authorIds),
    loadAttributions(db, row.id),
    findNeighbour(db, article, "older", now),
    findNeighbour(db, article, "newer", now),
    findRelatedIds(db, row, tagIds, now),
  ]);
  // The neighbours and the related articles are read and summarised together: one set of queries.
  const summaries = await findVisibleSummaries(
    db,
    [...new Set([older, newer, ...related].filter((id) => id !== undefined))],
    now,
  );
  const summaryOf = (id: number | undefined) => summaries.find((summary) => summary.id === id) ?? null;
  return {
    article,
    categories: pick(categories, categoryIds),
    tags: pick(tags, tagIds),
    authors: pick(authors, authorIds),
    attributions,
    previous: summaryOf(older),
    next: summaryOf(newer),
    related: related.flatMap((id) => summaryOf(id) ?? []),
  };
}

/** The ids of the articles sharing the most tags, topped up with the newest from the primary category. */
async function findRelatedIds(
  db: Db,
  row: ReaderRow,
  tagIds: readonly number[],
  now: number,
): Promise<number[]> {
  const byTags = await findArticlesSharingTags(db, { id: row.id, tagIds }, now, RELATED_COUNT);
  const fill =
    byTags.length < RELATED_COUNT && row.primary_category_id !== null
      ? await findNewestInCategory(
          db,
          { id: row.primary_category_id, except: new Set([row.id, ...byTags]) },
          now,
          RELATED_COUNT - byTags.length,
        )
      : [];
  return [...byTags, ...fill];
}

/** How many slugs the vote path remembers between two content changes; a flood of made-up slugs is never remembered. */
const REMEMBERED_SLUGS = 10_000;

/**
 * Finds the id of the article at a slug if the public may see it at `now` (votes attach to it). It
 * runs for every vote, so found articles are remembered until the content version changes (every
 * edit, publication or deletion bumps it): a vote then costs no read of its own beyond that version.
 * Visibility is still judged against `now` each time, so a scheduled article opens on the minute.
 */
export function publicArticleIdReader(
  storage: Storage,
): (slug: string, now: number) => Promise<number | undefined> {
  type Row = { id: number; status: string; published_at: number | null };
  const read = storage.prepareRowReader(
    prepare(
      storage.db
        .selectFrom("articles")
        .select(["id", "status", "published_at"])
        .where("slug", "=", slot("slug")),
    ),
  );
  const rowsFor = memoByContentVersion(storage.readContentVersion, async () => new Map<string, Row>());
  return async (slug, now) => {
    const known = await rowsFor();
    let row = known.get(slug);
    if (!row) {
      row = await read({ slug });
      if (row && known.size < REMEMBERED_SLUGS) known.set(slug, row);
    }
    return row && isPubliclyVisible(row, now) ? row.id : undefined;
  };
}

/**
 * `nextScheduledPublication`, for the page cache, which asks on every render. The answer holds until the
 * content changes or its time comes (no article can come due before it), so it is read again only then.
 */
export function nextPublicationReader(storage: Storage): (now: number) => Promise<number> {
  let known: { version: number; since: number; next: number } | undefined;
  return async (now) => {
    // The version is read first: a change made during the read below is seen by the next call.
    const version = await storage.readContentVersion();
    if (known?.version === version && known.since <= now && now < known.next) return known.next;
    const next = await nextScheduledPublication(storage.db, now);
    known = { version, since: now, next };
    return next;
  };
}

/** The article at a slug the public may see at `now`, as comments need it: id, title and whether comments are closed. */
export async function findCommentableArticle(
  db: Db,
  slug: string,
  now: number,
): Promise<{ id: number; slug: string; title: string; commentsClosed: boolean } | undefined> {
  const row = await db
    .selectFrom("articles")
    .select(["id", "slug", "title", "status", "published_at", "comments_closed"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row || !isPubliclyVisible(row, now)) return undefined;
  return { id: row.id, slug: row.slug, title: row.title, commentsClosed: row.comments_closed === 1 };
}
