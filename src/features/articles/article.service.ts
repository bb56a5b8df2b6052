import { AppError, notFound } from "../../core/errors.js";
import { slugify } from "../../core/slug.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { indexArticleForSearch } from "../search/search.index.js";
import { ensureTags } from "../taxonomy/taxonomy.repository.js";
import { type Article, type ArticleInput, type Attribution, RESERVED_SLUGS } from "./article.js";
import {
  findArticleById,
  insertArticle,
  isSlugTaken,
  recordSlugChange,
  replaceArticleLinks,
  toArticle,
  updateArticleRow,
} from "./article.repository.js";
import { type ArticleSnapshot, recordRevision } from "./article.revisions.js";
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

/** The requested (or title-derived) slug, made unique and kept off the site's own paths. */
async function availableSlug(db: Db, wanted: string, articleId: number | null): Promise<string> {
  const base = slugify(wanted) || "article";
  const safeBase = RESERVED_SLUGS.has(base) ? `${base}-article` : base;
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
  };
}

/**
 * Explicit tags first, then the body's #Hashtags, so every hashtag link leads to a tag page listing it;
 * the body's source-attribution blocks join the sources (once each), so they reach the JSON-LD citations.
 */
async function linkEverything(db: Db, articleId: number, input: ArticleInput, rendered: RenderedDoc) {
  const tags = await ensureTags(db, [...input.tagNames, ...rendered.hashtags]);
  const key = (source: Attribution) => `${source.kind} ${source.outlet} ${source.url ?? ""}`;
  const listed = new Set(input.attributions.map(key));
  await replaceArticleLinks(db, articleId, {
    categoryIds: [...new Set(input.categoryIds)],
    tagIds: tags.map((tag) => tag.id),
    authorIds: [...new Set(input.authorIds)],
    attributions: [
      ...input.attributions,
      ...rendered.attributions.filter((source) => !listed.has(key(source))),
    ],
  });
}

/** Search is part of the same save, so what search finds never disagrees with the article. */
const indexForSearch = (db: Db, id: number, row: Omit<NewArticleRow, "created_at">) =>
  indexArticleForSearch(db, {
    id,
    status: row.status,
    publishedAt: row.published_at ?? null,
    title: row.title,
    standfirst: row.standfirst ?? "",
    bodyHtml: row.body_html,
  });

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
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const input of inputs) ids.push(await insertNewArticle(trx, input, now, null));
    return ids;
  });
}

async function insertNewArticle(trx: Db, input: ArticleInput, now: number, editorId: number | null) {
  const slug = await availableSlug(trx, input.slug || input.title, null);
  const rendered = renderBody(input);
  const row = toRow(input, slug, now, rendered);
  const id = await insertArticle(trx, { ...row, created_at: now });
  await linkEverything(trx, id, input, rendered);
  await indexForSearch(trx, id, row);
  await recordRevision(trx, {
    articleId: id,
    revision: 1,
    userId: editorId,
    now,
    snapshot: snapshotOf(input, row),
  });
  await markContentChanged(trx);
  return id;
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
  return db.transaction().execute(async (trx) => {
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
    return reload(trx, id);
  });
}
