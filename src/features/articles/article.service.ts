import { AppError, notFound } from "../../core/errors.js";
import { slugify } from "../../core/slug.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { indexArticleForSearch, indexArticlesForSearch } from "../search/search.index.js";
import type { Tag } from "../taxonomy/taxonomy.js";
import { ensureTagsBySlug } from "../taxonomy/taxonomy.repository.js";
import { type Article, type ArticleInput, type Attribution, RESERVED_SLUGS } from "./article.js";
import type { ArticleLinks } from "./article.repository.js";
import {
  findArticleById,
  findTakenSlugs,
  insertArticleLinks,
  insertArticles,
  isSlugTaken,
  recordSlugChange,
  replaceArticleLinks,
  toArticle,
  updateArticleRow,
} from "./article.repository.js";
import { type ArticleSnapshot, recordRevision, recordRevisions } from "./article.revisions.js";
import type { ArticleStatus, NewArticleRow } from "./article.table.js";
import { type RenderedDoc, renderDoc } from "./document/doc.render.js";
import { checkDoc } from "./document/doc.schema.js";

export const revisionConflict = () =>
  new AppError(
    "REVISION_CONFLICT",
    409,
    "Someone else saved this article after you opened it. Reload to see their changes, then apply yours.",
  );

/** A non-draft article is "published" once its time has come and "scheduled" before. */
function effectiveStatus(status: ArticleStatus, publishedAt: number | null, now: number) {
  if (status === "draft") return { status, publishedAt };
  const at = publishedAt ?? now;
  return { status: at > now ? ("scheduled" as const) : ("published" as const), publishedAt: at };
}

/** The requested (or title-derived) slug, kept off the site's own paths; not yet made unique. */
function baseSlug(wanted: string): string {
  const base = slugify(wanted) || "article";
  return RESERVED_SLUGS.has(base) ? `${base}-article` : base;
}

/** The requested (or title-derived) slug, made unique and kept off the site's own paths. */
async function availableSlug(db: Db, wanted: string, articleId: number | null): Promise<string> {
  const safeBase = baseSlug(wanted);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? safeBase : `${safeBase}-${n}`;
    if (!(await isSlugTaken(db, candidate, articleId))) return candidate;
  }
}

/** The body's public HTML, rendered once here (never per request) from a document checked again here. */
const renderBody = (input: ArticleInput): RenderedDoc => renderDoc(checkDoc(input.body));

function toRow(
  input: ArticleInput,
  slug: string,
  now: number,
  rendered: RenderedDoc,
): Omit<NewArticleRow, "created_at"> {
  const { status, publishedAt } = effectiveStatus(input.status, input.publishedAt, now);
  return {
    slug,
    title: input.title.trim(),
    standfirst: input.standfirst.trim(),
    body_doc: JSON.stringify(input.body),
    body_html: rendered.html,
    status,
    published_at: publishedAt,
    updated_at: now,
    primary_category_id: input.categoryIds[0] ?? null,
    image_url: input.image?.url ?? null,
    image_alt: input.image?.alt ?? null,
    image_caption: input.image?.caption ?? null,
    image_credit: input.image?.credit ?? null,
    image_width: input.image?.width ?? null,
    image_height: input.image?.height ?? null,
    ...(input.commentsClosed === undefined ? {} : { comments_closed: input.commentsClosed ? 1 : 0 }),
    ...(input.kind === undefined ? {} : { kind: input.kind }),
  };
}

/**
 * Explicit tags first, then the body's #Hashtags, so every hashtag link leads to a tag page listing it;
 * the body's source-attribution blocks join the sources (once each), so they reach the JSON-LD citations.
 * `tagsBySlug` holds the tags of every name (from `ensureTagsBySlug`).
 */
function linksOf(
  input: ArticleInput,
  rendered: RenderedDoc,
  tagsBySlug: ReadonlyMap<string, Tag>,
): ArticleLinks {
  const key = (source: Attribution) => `${source.kind} ${source.outlet} ${source.url ?? ""}`;
  const listed = new Set(input.attributions.map(key));
  const tags = [...input.tagNames, ...rendered.hashtags].flatMap(
    (name) => tagsBySlug.get(slugify(name)) ?? [],
  );
  return {
    categoryIds: [...new Set(input.categoryIds)],
    tagIds: [...new Set(tags.map((tag) => tag.id))],
    authorIds: [...new Set(input.authorIds)],
    attributions: [
      ...input.attributions,
      ...rendered.attributions.filter((source) => !listed.has(key(source))),
    ],
  };
}

const tagNamesOf = (input: ArticleInput, rendered: RenderedDoc) => [...input.tagNames, ...rendered.hashtags];

async function linkEverything(db: Db, articleId: number, input: ArticleInput, rendered: RenderedDoc) {
  const tagsBySlug = await ensureTagsBySlug(db, tagNamesOf(input, rendered));
  await replaceArticleLinks(db, articleId, linksOf(input, rendered, tagsBySlug));
}

/** Search is part of the same save, so what search finds never disagrees with the article. */
const searchableOf = (id: number, row: Omit<NewArticleRow, "created_at">) => ({
  id,
  status: row.status,
  publishedAt: row.published_at ?? null,
  title: row.title,
  standfirst: row.standfirst ?? "",
  bodyHtml: row.body_html,
});

const indexForSearch = (db: Db, id: number, row: Omit<NewArticleRow, "created_at">) =>
  indexArticleForSearch(db, searchableOf(id, row));

async function reload(db: Db, id: number): Promise<Article> {
  const row = await findArticleById(db, id);
  if (!row) throw new Error(`article ${id} vanished inside its own transaction`);
  return toArticle(row);
}

/** The input as stored, for the revision history. */
function snapshotOf(input: ArticleInput, row: Omit<NewArticleRow, "created_at">): ArticleSnapshot {
  return { ...input, slug: row.slug, status: row.status, publishedAt: row.published_at ?? null };
}

/** `editorId` is the staff member saving (null for the demo seed and scripts); every save keeps a revision. */
export async function createArticle(
  db: Db,
  input: ArticleInput,
  now: number,
  editorId: number | null = null,
): Promise<Article> {
  return db
    .transaction()
    .execute(async (trx) => reload(trx, await insertNewArticle(trx, input, now, editorId)));
}

/**
 * Creates many articles in one transaction (generated content for scale tests): one commit per
 * batch instead of one per article. Returns their ids.
 */
export async function createArticles(
  db: Db,
  inputs: readonly ArticleInput[],
  now: number,
): Promise<number[]> {
  return db
    .transaction()
    .execute(async (trx) => (await insertNewArticles(trx, inputs, now, null)).map((created) => created.id));
}

/** Creates an article inside the caller's transaction; returns its id. */
export async function insertNewArticle(trx: Db, input: ArticleInput, now: number, editorId: number | null) {
  const [created] = await insertNewArticles(trx, [input], now, editorId);
  if (!created) throw new Error("the article insert returned no id");
  return created.id;
}

/**
 * Creates many articles inside the caller's transaction (an import's chunk), as `insertNewArticle`
 * would one by one but in a few multi-row statements per step: free slugs, rows, tags and links,
 * search entries, first revisions. Returns each one's id and slug, in the order given.
 */
export async function insertNewArticles(
  trx: Db,
  inputs: readonly ArticleInput[],
  now: number,
  editorId: number | null,
): Promise<{ id: number; slug: string }[]> {
  if (inputs.length === 0) return [];
  const slugs = await availableSlugs(
    trx,
    inputs.map((input) => input.slug || input.title),
  );
  const rendered = inputs.map(renderBody);
  const rows = inputs.map((input, index) =>
    toRow(input, slugs[index] ?? "", now, rendered[index] as RenderedDoc),
  );
  const ids = await insertArticles(
    trx,
    rows.map((row) => ({ ...row, created_at: now })),
  );
  const tagsBySlug = await ensureTagsBySlug(
    trx,
    inputs.flatMap((input, index) => tagNamesOf(input, rendered[index] as RenderedDoc)),
  );
  const created = ids.map((id, index) => ({
    id,
    input: inputs[index] as ArticleInput,
    row: rows[index] as Omit<NewArticleRow, "created_at">,
    rendered: rendered[index] as RenderedDoc,
  }));
  await insertArticleLinks(
    trx,
    created.map(({ id, input, rendered }) => ({
      articleId: id,
      links: linksOf(input, rendered, tagsBySlug),
    })),
  );
  await indexArticlesForSearch(
    trx,
    created.map(({ id, row }) => searchableOf(id, row)),
  );
  await recordRevisions(
    trx,
    created.map(({ id, input, row }) => ({
      articleId: id,
      revision: 1,
      userId: editorId,
      now,
      snapshot: snapshotOf(input, row),
    })),
  );
  await markContentChanged(trx);
  return created.map(({ id, row }) => ({ id, slug: row.slug }));
}

/** `availableSlug` for many new articles at once: one lookup for all, one more for each one taken. */
async function availableSlugs(db: Db, wanted: readonly string[]): Promise<string[]> {
  const bases = wanted.map(baseSlug);
  const taken = await findTakenSlugs(db, bases);
  const claimed = new Set<string>();
  const slugs: string[] = [];
  for (const base of bases) {
    let slug = base;
    if (taken.has(base) || claimed.has(base)) {
      for (let n = 2; ; n++) {
        slug = `${base}-${n}`;
        if (!claimed.has(slug) && !(await isSlugTaken(db, slug, null))) break;
      }
    }
    claimed.add(slug);
    slugs.push(slug);
  }
  return slugs;
}

/**
 * Saves a new version of the article if nobody else saved since `expectedRevision`. A changed slug
 * leaves a permanent redirect from the old URL.
 */
export async function updateArticle(
  db: Db,
  id: number,
  input: ArticleInput,
  expectedRevision: number,
  now: number,
  editorId: number | null = null,
): Promise<Article> {
  return db
    .transaction()
    .execute(async (trx) =>
      reload(trx, await saveArticleChanges(trx, id, input, { expectedRevision, now, editorId })),
    );
}

/** `updateArticle` inside the caller's transaction (an import runs whole in one); returns the id. */
export async function saveArticleChanges(
  trx: Db,
  id: number,
  input: ArticleInput,
  save: { expectedRevision: number; now: number; editorId: number | null },
): Promise<number> {
  const { expectedRevision, now, editorId } = save;
  const current = await findArticleById(trx, id);
  if (!current) throw notFound("Article");
  const slugChanged = input.slug && slugify(input.slug) !== current.slug;
  const slug = slugChanged ? await availableSlug(trx, input.slug ?? "", id) : current.slug;
  const rendered = renderBody(input);
  const row = toRow(input, slug, now, rendered);
  if (!(await updateArticleRow(trx, id, row, expectedRevision))) throw revisionConflict();
  if (slug !== current.slug) await recordSlugChange(trx, id, current.slug, slug);
  await linkEverything(trx, id, input, rendered);
  await indexForSearch(trx, id, row);
  const snapshot = snapshotOf(input, row);
  await recordRevision(trx, {
    articleId: id,
    revision: expectedRevision + 1,
    userId: editorId,
    now,
    snapshot,
  });
  await markContentChanged(trx);
  return id;
}
