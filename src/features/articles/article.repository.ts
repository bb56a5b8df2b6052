import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import { fixedLimit, numberSlot, reusableListQuery, reusableQuery, slot } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import {
  type Article,
  type Attribution,
  type FeaturedImage,
  isPubliclyVisible,
  NOT_PUBLIC_STATUS,
  PUBLIC_STATUSES,
} from "./article.js";
import {
  type ArticleRow,
  CARD_COLUMNS,
  type CardRow,
  type NewArticleRow,
  READER_COLUMNS,
  type ReaderRow,
} from "./article.table.js";

export const toArticle = (row: ReaderRow): Article => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  standfirst: row.standfirst,
  bodyHtml: row.body_html,
  status: row.status,
  publishedAt: row.published_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revision: row.revision,
  primaryCategoryId: row.primary_category_id,
  commentsClosed: row.comments_closed === 1,
  kind: row.kind,
  image: featuredImageOf(row),
});

export const featuredImageOf = (row: CardRow): FeaturedImage | null =>
  row.image_url
    ? {
        url: row.image_url,
        alt: row.image_alt ?? "",
        caption: row.image_caption ?? "",
        credit: row.image_credit ?? "",
        width: row.image_width,
        height: row.image_height,
      }
    : null;

/**
 * Articles and pages the public may see at `now`: scheduled ones become visible when their time comes,
 * with no job. Only the sitemap lists pages; everything else goes through `visible`.
 */
function visibleArticlesOrPages(db: Db, now: number) {
  return db
    .selectFrom("articles")
    .where("articles.status", "in", [...PUBLIC_STATUSES])
    .where("articles.published_at", "<=", now);
}

/** Articles (not pages) the public may see at `now`: every list, feed, ranking and neighbour. */
const visible = (db: Db, now: number) =>
  visibleArticlesOrPages(db, now).where("articles.kind", "=", "article");

export type ListFilter =
  | { categoryId: number }
  | { tagId: number }
  | { authorId: number }
  | Record<string, never>;

/**
 * Ids of the articles in one category, tag or author's list (any status), as a subquery; undefined
 * for no filter. Site search narrows its matches with it.
 */
export function sectionArticleIds(db: Db, filter: ListFilter) {
  if ("categoryId" in filter) {
    return db
      .selectFrom("article_categories")
      .select("article_id")
      .where("category_id", "=", filter.categoryId);
  }
  if ("tagId" in filter) {
    return db.selectFrom("article_tags").select("article_id").where("tag_id", "=", filter.tagId);
  }
  if ("authorId" in filter) {
    return db.selectFrom("article_authors").select("article_id").where("author_id", "=", filter.authorId);
  }
  return undefined;
}

/** Where a list goes on from: the last article already shown (newest-first order). */
export interface ListCursor {
  publishedAt: number;
  id: number;
}

export interface ListQuery {
  now: number;
  limit: number;
  offset: number;
  filter: ListFilter;
  /** More sections the articles must all be in (the Content API combines category, tag and author). */
  alsoIn?: ListFilter[];
  publishedFrom?: number;
  publishedBefore?: number;
  after?: ListCursor;
}

/** The visible articles in every section and date range the query names, cursor aside. */
function matching(db: Db, query: Omit<ListQuery, "limit" | "offset" | "after">) {
  let select = visible(db, query.now);
  for (const filter of [query.filter, ...(query.alsoIn ?? [])]) {
    const section = sectionArticleIds(db, filter);
    if (section) select = select.where("articles.id", "in", section);
  }
  if (query.publishedFrom !== undefined)
    select = select.where("articles.published_at", ">=", query.publishedFrom);
  if (query.publishedBefore !== undefined)
    select = select.where("articles.published_at", "<", query.publishedBefore);
  return select;
}

/** How many articles a list has in all, on every page (the Content API's `total`). */
export async function countMatchingArticles(
  db: Db,
  query: Omit<ListQuery, "limit" | "offset" | "after">,
): Promise<number> {
  const row = await matching(db, query)
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Newest first; fetches `limit + 1` rows so the caller knows whether another page exists. */
export function listVisibleArticles(db: Db, query: ListQuery): Promise<ReaderRow[]> {
  return newestMatching(db, query).select(ofArticles(READER_COLUMNS)).execute();
}

/** `listVisibleArticles` as cards: a list page shows no bodies. */
export function listVisibleCards(db: Db, query: ListQuery): Promise<CardRow[]> {
  return newestMatching(db, query).select(ofArticles(CARD_COLUMNS)).execute();
}

/** Columns named with their table, as a query that joins or filters by other tables needs them. */
const ofArticles = <C extends keyof ArticleRow & string>(columns: readonly C[]) =>
  columns.map((column) => `articles.${column}` as const);

function newestMatching(db: Db, query: ListQuery) {
  let select = matching(db, query);
  const { after } = query;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb("articles.published_at", "<", after.publishedAt),
        eb.and([eb("articles.published_at", "=", after.publishedAt), eb("articles.id", "<", after.id)]),
      ]),
    );
  }
  return select
    .orderBy("articles.published_at", "desc")
    .orderBy("articles.id", "desc")
    .limit(query.limit + 1)
    .offset(query.offset);
}

/**
 * The ids of every article of a list, in list order (newest first): what a page number is resolved
 * against (article.positions.ts); the whole list is read from the (published_at, id, status, kind)
 * index alone.
 */
export async function listVisibleArticleIds(
  db: Db,
  query: Pick<ListQuery, "now" | "filter">,
): Promise<number[]> {
  const rows = await (sectionArticleIds(db, query.filter)
    ? matching(db, query)
    : everyVisibleArticle(db, query.now)
  )
    .select("articles.id")
    .orderBy("articles.published_at", "desc")
    .orderBy("articles.id", "desc")
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The rows of `visible`, with the public statuses said as "not a draft" (the column allows only the
 * three; NOT_PUBLIC_STATUS's type checks that). For `status in (…)` SQLite takes the (status,
 * published_at, id) index, which for the whole list meant fetching every row for its kind and sorting
 * them all: 1.8–2.8 s and a read of the whole table at 1,000,000 articles. No index serves `<>`, so it
 * walks articles_listing in list order instead, status and kind in the index: 0.26 s (decision 0067).
 * Only for reading a whole list: with a LIMIT, or a section's ids to look up, `in` plans better.
 */
const everyVisibleArticle = (db: Db, now: number) =>
  db
    .selectFrom("articles")
    .where("articles.status", "<>", NOT_PUBLIC_STATUS)
    .where("articles.published_at", "<=", now)
    .where("articles.kind", "=", "article");

const articleBySlug = reusableQuery((db: Db) =>
  db.selectFrom("articles").select(READER_COLUMNS).where("slug", "=", slot("slug")),
);

/** The article at this slug as readers see it (any status: the caller decides who may). */
export async function findArticleBySlug(db: Db, slug: string): Promise<ReaderRow | undefined> {
  return (await articleBySlug(db, { slug }))[0];
}

export async function findArticleById(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The visible articles of these ids, as much of them as a card shows. */
export async function findVisibleCardsByIds(db: Db, ids: readonly number[], now: number): Promise<CardRow[]> {
  if (ids.length === 0) return [];
  return (await cardsByIds(db, ids)).filter((row) => isPublicArticle(row, now));
}

const cardsByIds = reusableListQuery((db: Db, ids) =>
  db.selectFrom("articles").select(CARD_COLUMNS).where("id", "in", ids),
);

/**
 * `visible` as a test on rows already read. Rows wanted by id are read by primary key and then tested:
 * with the visibility terms in the query, SQLite without statistics picks the status index instead,
 * and reads every visible article's entry to find a dozen (5 ms a page at 100,000 articles).
 */
const isPublicArticle = (row: Pick<ArticleRow, "status" | "published_at" | "kind">, now: number) =>
  row.kind === "article" && isPubliclyVisible(row, now);

export async function findRedirectTarget(db: Db, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("article_slug_redirects")
    .innerJoin("articles", "articles.id", "article_slug_redirects.article_id")
    .select("articles.slug")
    .where("article_slug_redirects.old_slug", "=", oldSlug)
    .executeTakeFirst();
  return row?.slug;
}

export async function isSlugTaken(db: Db, slug: string, exceptArticleId: number | null): Promise<boolean> {
  const owner = await db.selectFrom("articles").select("id").where("slug", "=", slug).executeTakeFirst();
  if (owner && owner.id !== exceptArticleId) return true;
  const redirect = await db
    .selectFrom("article_slug_redirects")
    .select("article_id")
    .where("old_slug", "=", slug)
    .executeTakeFirst();
  return redirect !== undefined && redirect.article_id !== exceptArticleId;
}

/** Which of these slugs an article has, or had (a slug redirect): none of them is free. */
export async function findTakenSlugs(db: Db, slugs: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const slice of slicesOf([...new Set(slugs)], 500)) {
    const owned = await db.selectFrom("articles").select("slug").where("slug", "in", slice).execute();
    const moved = await db
      .selectFrom("article_slug_redirects")
      .select("old_slug")
      .where("old_slug", "in", slice)
      .execute();
    for (const row of owned) taken.add(row.slug);
    for (const row of moved) taken.add(row.old_slug);
  }
  return taken;
}

/**
 * Inserts the rows; returns their ids in the order given. A multi-row insert takes its ids from the
 * sequence (or SQLite's rowid) row by row in the order of its VALUES, so the ids, sorted, are the
 * rows' in order.
 */
export async function insertArticles(db: Db, rows: readonly NewArticleRow[]): Promise<number[]> {
  const ids: number[] = [];
  for (const slice of slicesOf(rows, 200)) {
    const inserted = await db.insertInto("articles").values(slice).returning("id").execute();
    ids.push(...inserted.map((row) => row.id).sort((a, b) => a - b));
  }
  return ids;
}

/** Writes the row only if nobody saved since `expectedRevision`; returns false on a conflict. */
export async function updateArticleRow(
  db: Db,
  id: number,
  row: Omit<NewArticleRow, "created_at">,
  expectedRevision: number,
): Promise<boolean> {
  const result = await db
    .updateTable("articles")
    .set({ ...row, revision: expectedRevision + 1 })
    .where("id", "=", id)
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Points `oldSlug` at the article for good; a slug the article takes back stops redirecting. */
export async function recordSlugChange(db: Db, articleId: number, oldSlug: string, newSlug: string) {
  await db.deleteFrom("article_slug_redirects").where("old_slug", "=", newSlug).execute();
  await db
    .insertInto("article_slug_redirects")
    .values({ old_slug: oldSlug, article_id: articleId })
    .onConflict((conflict) => conflict.column("old_slug").doUpdateSet({ article_id: articleId }))
    .execute();
}

export interface ArticleLinks {
  categoryIds: number[];
  tagIds: number[];
  authorIds: number[];
  attributions: Attribution[];
}

const positioned = <T>(ids: readonly T[]) => ids.map((value, position) => ({ value, position }));

export async function replaceArticleLinks(db: Db, articleId: number, links: ArticleLinks): Promise<void> {
  for (const table of [
    "article_categories",
    "article_tags",
    "article_authors",
    "article_attributions",
  ] as const) {
    await db.deleteFrom(table).where("article_id", "=", articleId).execute();
  }
  await insertArticleLinks(db, [{ articleId, links }]);
}

/** The links of articles that have none yet (new ones), in multi-row statements. */
export async function insertArticleLinks(
  db: Db,
  articles: readonly { articleId: number; links: ArticleLinks }[],
): Promise<void> {
  const rowsOf = <T, Row>(
    pick: (links: ArticleLinks) => readonly T[],
    row: (value: T, articleId: number) => Row,
  ) =>
    articles.flatMap(({ articleId, links }) =>
      positioned(pick(links)).map(({ value, position }) => ({ ...row(value, articleId), position })),
    );
  const categories = rowsOf(
    (links) => links.categoryIds,
    (id, articleId) => ({ article_id: articleId, category_id: id }),
  );
  const tags = rowsOf(
    (links) => links.tagIds,
    (id, articleId) => ({ article_id: articleId, tag_id: id }),
  );
  const authors = rowsOf(
    (links) => links.authorIds,
    (id, articleId) => ({ article_id: articleId, author_id: id }),
  );
  const attributions = rowsOf(
    (links) => links.attributions,
    (source, articleId) => ({
      article_id: articleId,
      kind: source.kind,
      outlet: source.outlet,
      url: source.url,
    }),
  );
  for (const slice of slicesOf(categories, 500))
    await db.insertInto("article_categories").values(slice).execute();
  for (const slice of slicesOf(tags, 500)) await db.insertInto("article_tags").values(slice).execute();
  for (const slice of slicesOf(authors, 500)) await db.insertInto("article_authors").values(slice).execute();
  for (const slice of slicesOf(attributions, 500)) {
    await db.insertInto("article_attributions").values(slice).execute();
  }
}

type LinkTable = "article_categories" | "article_tags" | "article_authors";
const linkColumn = {
  article_categories: "category_id",
  article_tags: "tag_id",
  article_authors: "author_id",
} as const;

/** For each article, the ordered ids it links to in one link table: one query for any number of articles. */
export async function loadLinkedIds(
  db: Db,
  table: LinkTable,
  articleIds: readonly number[],
): Promise<Map<number, number[]>> {
  const byArticle = new Map<number, number[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return byArticle;
  for (const row of await linkedIds[table](db, articleIds))
    byArticle.get(row.article_id)?.push(row.linked_id);
  return byArticle;
}

/** The ordered ids one article links to in each link table, read in one query: its page shows all three. */
export async function loadArticleLinks(db: Db, articleId: number): Promise<Record<LinkTable, number[]>> {
  const links: Record<LinkTable, number[]> = {
    article_categories: [],
    article_tags: [],
    article_authors: [],
  };
  for (const row of await allLinksOf(db, { articleId })) links[row.link].push(row.linked_id);
  return links;
}

const allLinksOf = reusableQuery((db: Db) => {
  const [first, ...rest] = (Object.keys(linkColumn) as LinkTable[]).map((table) =>
    db
      .selectFrom(table)
      .select([sql.lit(table).as("link"), `${linkColumn[table]} as linked_id`, "position"])
      .where("article_id", "=", numberSlot("articleId")),
  );
  if (!first) throw new Error("no link tables");
  return rest
    .reduce((union, part) => union.unionAll(part), first)
    .orderBy("link")
    .orderBy("position");
});

const linkedIdsIn = (table: LinkTable) =>
  reusableListQuery((db: Db, articleIds) =>
    db
      .selectFrom(table)
      .select(["article_id", `${linkColumn[table]} as linked_id`])
      .where("article_id", "in", articleIds)
      .orderBy("article_id")
      .orderBy("position"),
  );
const linkedIds = {
  article_categories: linkedIdsIn("article_categories"),
  article_tags: linkedIdsIn("article_tags"),
  article_authors: linkedIdsIn("article_authors"),
};

const attributionsOf = reusableQuery((db: Db) =>
  db
    .selectFrom("article_attributions")
    .select(["kind", "outlet", "url"])
    .where("article_id", "=", numberSlot("articleId"))
    .orderBy("position"),
);

export async function loadAttributions(db: Db, articleId: number): Promise<Attribution[]> {
  return attributionsOf(db, { articleId });
}

/** The id of the visible article published just before (older) or just after (newer) this one. */
export async function findNeighbour(
  db: Db,
  article: { id: number; publishedAt: number },
  direction: "older" | "newer",
  now: number,
): Promise<number | undefined> {
  // Going older, the range ends at the article itself if that is before now: SQLite takes this bound
  // for the end of the index range, and with `now` would walk down from the newest article.
  const until = direction === "older" ? Math.min(now, article.publishedAt) : now;
  const [nearest] = await nearestOf[direction](db, {
    until,
    publishedAt: article.publishedAt,
    id: article.id,
  });
  return nearest?.id;
}

function nearestQuery(direction: "older" | "newer") {
  const older = direction === "older";
  const order = older ? "desc" : "asc";
  // The nearest of each public status, each read from the (status, published_at, id) index from where
  // the article stands: with `status in (...)` one query would merge both statuses' entries and sort
  // every article on that side of it (3 ms at 100,000 articles). Only the key is read: the union sorts
  // what it selects, and whole rows (bodies and all) made that sort most of the query's cost.
  return reusableQuery((db: Db) => {
    const [first, ...rest] = PUBLIC_STATUSES.map((status, index) =>
      db
        .selectFrom(
          db
            .selectFrom("articles")
            .select(["id", "published_at"])
            .where("status", "=", status)
            .where("published_at", "<=", numberSlot("until"))
            .where("kind", "=", "article")
            // One row-value comparison rather than an OR of two conditions, so the index serves it as one range.
            .where((eb) =>
              eb(
                eb.refTuple("published_at", "id"),
                older ? "<" : ">",
                eb.tuple(numberSlot("publishedAt"), numberSlot("id")),
              ),
            )
            .orderBy("published_at", order)
            .orderBy("id", order)
            .limit(fixedLimit(1))
            .as(`nearest${index}`),
        )
        .selectAll(),
    );
    if (!first) throw new Error("no public status to look for neighbours in");
    return rest
      .reduce((union, part) => union.unionAll(part), first)
      .orderBy("published_at", order)
      .orderBy("id", order)
      .limit(fixedLimit(1));
  });
}
const nearestOf = { older: nearestQuery("older"), newer: nearestQuery("newer") };

/**
 * How many of a tag's (or the primary category's) newest articles are weighed as related: a tag on
 * thousands of articles costs no more.
 */
const RELATED_CANDIDATES_PER_LINK = 25;

/** The ids of the newest `limit` articles linked to one tag or category, by id (which follows creation). */
function newestLinked(
  db: Db,
  link: { table: "article_categories" | "article_tags"; id: number },
  limit: number | ReturnType<typeof fixedLimit>,
) {
  return db
    .selectFrom(link.table)
    .select("article_id")
    .where(linkColumn[link.table], "=", link.id)
    .orderBy("article_id", "desc")
    .limit(limit);
}

/**
 * The ids of the `limit` visible candidates that weigh most, newest (highest id) first among equals.
 * Candidates are ranked before anything is read, and only the best few are checked for visibility, a
 * batch at a time: checking all of them (up to 25 a tag, each a primary-key read of a wide row on its
 * own page) was 0.4 ms of every uncached article page at 100,000 articles.
 */
async function chooseVisible(
  db: Db,
  weights: ReadonlyMap<number, number>,
  now: number,
  limit: number,
): Promise<number[]> {
  const ranked = [...weights].sort(([idA, a], [idB, b]) => b - a || idB - idA).map(([id]) => id);
  const chosen: number[] = [];
  // Nearly every candidate is visible, so the first batch is exactly the need: the rows it reads are
  // the ones the page then shows, where a larger batch read rows of articles nobody shows (each a page
  // from the disk when the archive is cold). After a draft or an embargoed article, twice the need.
  for (let start = 0; start < ranked.length && chosen.length < limit; ) {
    const size = start === 0 ? limit : 2 * limit;
    const batch = ranked.slice(start, start + size);
    start += size;
    const rows = await visibilityOf(db, batch);
    const visible = new Set(rows.filter((row) => isPublicArticle(row, now)).map((row) => row.id));
    chosen.push(...batch.filter((id) => visible.has(id)));
  }
  return chosen.slice(0, limit);
}

const visibilityOf = reusableListQuery((db: Db, ids) =>
  db.selectFrom("articles").select(["id", "published_at", "status", "kind"]).where("id", "in", ids),
);

/**
 * The ids of the visible articles sharing the most tags with this one, the most recently added first
 * among equals, chosen among the newest RELATED_CANDIDATES_PER_LINK articles of each of its tags, so
 * the cost stays the same however many articles a tag gathers over the years.
 */
export async function findArticlesSharingTags(
  db: Db,
  article: { id: number; tagIds: readonly number[] },
  now: number,
  limit: number,
): Promise<number[]> {
  const candidates = article.tagIds.length > 0 ? await newestOfTags(db, article.tagIds) : [];
  const shared = new Map<number, number>();
  for (const { article_id } of candidates)
    if (article_id !== article.id) shared.set(article_id, (shared.get(article_id) ?? 0) + 1);
  return chooseVisible(db, shared, now, limit);
}

/** The newest RELATED_CANDIDATES_PER_LINK + 1 of each tag (the article itself may be one of them). */
const newestOfTags = reusableListQuery((db: Db, tagIds) => {
  // Each part wrapped as a subquery: SQLite allows no LIMIT on a bare part of a UNION.
  const [first, ...rest] = tagIds.map((tagId, index) =>
    db
      .selectFrom(
        newestLinked(
          db,
          { table: "article_tags", id: tagId },
          fixedLimit(RELATED_CANDIDATES_PER_LINK + 1),
        ).as(`t${index}`),
      )
      .selectAll(),
  );
  if (!first) throw new Error("related articles need at least one tag");
  return rest.reduce((union, part) => union.unionAll(part), first);
});

const newestOfCategory = reusableQuery((db: Db) =>
  newestLinked(db, { table: "article_categories", id: numberSlot("categoryId") }, numberSlot("limit")),
);

/**
 * The ids of the newest visible articles of a category but these, chosen among its newest
 * RELATED_CANDIDATES_PER_LINK (plus the ones left out) by id: reading the whole category and sorting it
 * by publication time took 4 ms at 100,000 articles, on every article page whose tags found too few.
 */
export async function findNewestInCategory(
  db: Db,
  category: { id: number; except: ReadonlySet<number> },
  now: number,
  limit: number,
): Promise<number[]> {
  const candidates = await newestOfCategory(db, {
    categoryId: category.id,
    limit: RELATED_CANDIDATES_PER_LINK + category.except.size,
  });
  const weights = new Map(
    candidates.flatMap(({ article_id }) =>
      category.except.has(article_id) ? [] : [[article_id, 0] as const],
    ),
  );
  return chooseVisible(db, weights, now, limit);
}

/** When the next scheduled article comes due (lists and neighbours change then), or Infinity. */
export async function nextScheduledPublication(db: Db, now: number): Promise<number> {
  const row = await db
    .selectFrom("articles")
    .select((eb) => eb.fn.min("published_at").as("next"))
    .where("status", "in", ["published", "scheduled"])
    .where("published_at", ">", now)
    .executeTakeFirst();
  return row?.next ?? Number.POSITIVE_INFINITY;
}

export async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom("articles")
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Published (visible at `now`), scheduled (visible later) and draft articles, for the staff dashboard. */
export async function countArticlesByState(
  db: Db,
  now: number,
): Promise<{ published: number; scheduled: number; drafts: number }> {
  const rows = await db
    .selectFrom("articles")
    .select((eb) => [
      "status",
      eb.case().when("published_at", "<=", now).then(eb.lit(1)).else(eb.lit(0)).end().as("due"),
      eb.fn.countAll<number | string>().as("count"),
    ])
    .groupBy(["status", "due"])
    .execute();
  const counts = { published: 0, scheduled: 0, drafts: 0 };
  for (const row of rows) {
    const state = row.status === "draft" ? "drafts" : Number(row.due) === 1 ? "published" : "scheduled";
    counts[state] += Number(row.count);
  }
  return counts;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Visible articles per week from `since` (the start of a week) to `now`; weeks without any are left
 * out. Integer division on the epoch-ms column gives the week index on both dialects; the bounds are
 * inlined as literals because SQLite would divide a bound parameter as a float.
 */
export async function countPublishedPerWeek(
  db: Db,
  range: { since: number; now: number },
): Promise<Array<{ weekStart: number; count: number }>> {
  const rows = await visible(db, range.now)
    .where("articles.published_at", ">=", range.since)
    .select((eb) => [
      eb(eb.parens("articles.published_at", "-", eb.lit(range.since)), "/", eb.lit(WEEK_MS)).as("week"),
      eb.fn.countAll<number | string>().as("count"),
    ])
    .groupBy("week")
    .orderBy("week")
    .execute();
  return rows.map((row) => ({
    weekStart: range.since + Number(row.week) * WEEK_MS,
    count: Number(row.count),
  }));
}

/** How many articles (of any status) are filed under each category that has any. */
export async function countArticlesPerCategory(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("article_categories")
    .select((eb) => ["category_id", eb.fn.countAll<number | string>().as("count")])
    .groupBy("category_id")
    .execute();
  return new Map(rows.map((row) => [row.category_id, Number(row.count)]));
}

/** Articles in the category, counting a primary category too: either keeps the category from being deleted. */
export async function countArticlesInCategory(db: Db, categoryId: number): Promise<number> {
  const row = await db
    .selectFrom("articles")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where((eb) =>
      eb.or([
        eb("primary_category_id", "=", categoryId),
        eb(
          "id",
          "in",
          eb.selectFrom("article_categories").select("article_id").where("category_id", "=", categoryId),
        ),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many articles (of any status) carry each of these tags; tags on none are left out. */
export async function countArticlesPerTag(db: Db, tagIds: readonly number[]): Promise<Map<number, number>> {
  if (tagIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("article_tags")
    .select((eb) => ["tag_id", eb.fn.countAll<number | string>().as("count")])
    .where("tag_id", "in", [...tagIds])
    .groupBy("tag_id")
    .execute();
  return new Map(rows.map((row) => [row.tag_id, Number(row.count)]));
}

/** Gives every article tagged `fromTagId` the tag `toTagId` instead, once, at the same position. */
export async function moveTagLinks(db: Db, fromTagId: number, toTagId: number): Promise<void> {
  await db
    .insertInto("article_tags")
    .columns(["article_id", "tag_id", "position"])
    .expression(
      db
        .selectFrom("article_tags")
        .select((eb) => ["article_id", eb.lit(toTagId).as("tag_id"), "position"])
        .where("tag_id", "=", fromTagId)
        .where("article_id", "not in", (eb) =>
          eb.selectFrom("article_tags").select("article_id").where("tag_id", "=", toTagId),
        ),
    )
    .execute();
  await db.deleteFrom("article_tags").where("tag_id", "=", fromTagId).execute();
}

/**
 * Ids and publication times of the articles visible at `now` (published from `since` on, when given), as a
 * subquery that other features join their own per-article tables against — the vote rankings join
 * `vote_counters` — so that the rule for what the public may see stays here. Served by the
 * (status, published_at, id) index.
 */
export function visibleArticleTimes(db: Db, query: { now: number; since?: number }) {
  const select = visible(db, query.now).select([
    "articles.id as id",
    "articles.published_at as published_at",
  ]);
  return query.since === undefined ? select : select.where("articles.published_at", ">=", query.since);
}

/** Titles and slugs of these articles, whatever their status, for staff pages that list them by id. */
export async function findArticleTitles(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { title: string; slug: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("articles")
    .select(["id", "title", "slug"])
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, { title: row.title, slug: row.slug }]));
}

/** How many articles and pages the public may see at `now` (sitemaps split them into files of 50,000). */
export async function countVisibleArticles(db: Db, now: number): Promise<number> {
  const row = await visibleArticlesOrPages(db, now)
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Slugs and update times of visible articles, newest first, for sitemaps: only the columns they need. */
export async function listVisibleArticleLocations(
  db: Db,
  query: { now: number; limit: number; offset: number },
): Promise<Array<{ slug: string; updatedAt: number }>> {
  const rows = await visibleArticlesOrPages(db, query.now)
    .select(["articles.slug", "articles.updated_at"])
    .orderBy("articles.published_at", "desc")
    .orderBy("articles.id", "desc")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map((row) => ({ slug: row.slug, updatedAt: row.updated_at }));
}

/** Published pages (About, Contact …) by title, `limit + 1` rows, and how many there are: the Content API. */
export async function listVisiblePages(
  db: Db,
  query: { now: number; limit: number; offset: number },
): Promise<{ rows: ArticleRow[]; total: number }> {
  const pages = () => visibleArticlesOrPages(db, query.now).where("articles.kind", "=", "page");
  const [rows, count] = await Promise.all([
    pages()
      .selectAll("articles")
      .orderBy("articles.title")
      .orderBy("articles.id")
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute(),
    pages()
      .select((eb) => eb.fn.countAll<string | number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.count) };
}
