import { MAX_SLUG_LENGTH, slugify } from "../../core/slug.js";
import { continueIdsAfterExplicitOnes, insertRows, nextIdOf } from "../../storage/bulk-insert.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { indexArticlesForSearch } from "../search/search.index.js";
import { ensureTags } from "../taxonomy/taxonomy.repository.js";
import type { ArticleInput } from "./article.js";
import { isSlugTaken } from "./article.repository.js";
import { type RenderedDoc, renderDoc } from "./document/doc.render.js";
import { type ArticleDoc, checkDoc } from "./document/doc.schema.js";

/** A made-up article for scale tests: what the editor would send, without image, sources or slug. */
export type GeneratedArticle = Pick<
  ArticleInput,
  "title" | "standfirst" | "body" | "categoryIds" | "tagNames" | "authorIds"
> & { publishedAt: number };

/** Generated articles share a few documents: each is checked, rendered and serialised once. */
const renderedDocs = new WeakMap<ArticleDoc, RenderedDoc & { json: string }>();

function renderOnce(doc: ArticleDoc): RenderedDoc & { json: string } {
  let rendered = renderedDocs.get(doc);
  if (!rendered) {
    rendered = { ...renderDoc(checkDoc(doc)), json: JSON.stringify(doc) };
    renderedDocs.set(doc, rendered);
  }
  return rendered;
}

/**
 * The title's slug ending in the article's id, so generated slugs never clash with each other; one
 * query finds any clash with an existing article or redirect, which then gets a further suffix.
 */
async function slugsFor(db: Db, articles: readonly GeneratedArticle[], ids: readonly number[]) {
  const slugs = articles.map((article, index) => {
    const suffix = `-${ids[index]}`;
    return `${(slugify(article.title) || "article").slice(0, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
  });
  const clashing = new Set([
    ...(await db.selectFrom("articles").select("slug").where("slug", "in", slugs).execute()).map(
      (row) => row.slug,
    ),
    ...(
      await db
        .selectFrom("article_slug_redirects")
        .select("old_slug")
        .where("old_slug", "in", slugs)
        .execute()
    ).map((row) => row.old_slug),
  ]);
  for (const [index, slug] of slugs.entries()) {
    if (!clashing.has(slug)) continue;
    let n = 2;
    while (await isSlugTaken(db, `${slug.slice(0, MAX_SLUG_LENGTH - 4)}-${n}`, null)) n++;
    slugs[index] = `${slug.slice(0, MAX_SLUG_LENGTH - 4)}-${n}`;
  }
  return slugs;
}

/**
 * Inserts generated articles with everything a saved article has (links, tags, sources, search entry,
 * first revision) through a few multi-row statements instead of an editor save each. Runs in the
 * caller's transaction; returns the new ids, in the order given.
 */
export async function insertGeneratedArticles(
  db: Db,
  articles: readonly GeneratedArticle[],
  now: number,
): Promise<number[]> {
  if (articles.length === 0) return [];
  const firstId = await nextIdOf(db, "articles");
  const ids = articles.map((_, index) => firstId + index);
  const slugs = await slugsFor(db, articles, ids);
  const rendered = articles.map((article) => renderOnce(article.body));
  const tagNames = articles.map((article, index) => [
    ...article.tagNames,
    ...(rendered[index]?.hashtags ?? []),
  ]);
  const tagIdBySlug = new Map((await ensureTags(db, tagNames.flat())).map((tag) => [tag.slug, tag.id]));

  const rows: unknown[][] = [];
  const links = {
    article_categories: [] as unknown[][],
    article_tags: [] as unknown[][],
    article_authors: [] as unknown[][],
  };
  const sources: unknown[][] = [];
  const revisions: unknown[][] = [];
  for (const [index, article] of articles.entries()) {
    const id = ids[index] as number;
    const body = rendered[index] as RenderedDoc & { json: string };
    const status = article.publishedAt > now ? "scheduled" : "published";
    const savedAt = Math.min(article.publishedAt, now);
    const slug = slugs[index] as string;
    const category = article.categoryIds[0] ?? null;
    rows.push([
      id,
      slug,
      article.title,
      article.standfirst,
      body.json,
      body.html,
      status,
      article.publishedAt,
      savedAt,
      savedAt,
      category,
    ]);
    const tagIds = [...new Set(tagNames[index]?.map((name) => tagIdBySlug.get(slugify(name))))];
    for (const [column, values] of [
      ["article_categories", [...new Set(article.categoryIds)]],
      ["article_tags", tagIds.filter((tagId) => tagId !== undefined)],
      ["article_authors", [...new Set(article.authorIds)]],
    ] as const) {
      for (const [position, value] of values.entries()) links[column].push([id, value, position]);
    }
    for (const [position, source] of body.attributions.entries())
      sources.push([id, position, source.kind, source.outlet, source.url]);
    // The snapshot as the editor's save records it, with the shared document spliced in unparsed.
    const { body: _body, ...rest } = { ...article, slug, status, image: null, attributions: [] };
    revisions.push([id, 1, null, savedAt, `{"body":${body.json},${JSON.stringify(rest).slice(1)}`]);
  }
  await insertRows(
    db,
    "articles",
    [
      "id",
      "slug",
      "title",
      "standfirst",
      "body_doc",
      "body_html",
      "status",
      "published_at",
      "created_at",
      "updated_at",
      "primary_category_id",
    ],
    rows,
  );
  await insertRows(
    db,
    "article_categories",
    ["article_id", "category_id", "position"],
    links.article_categories,
  );
  await insertRows(db, "article_tags", ["article_id", "tag_id", "position"], links.article_tags);
  await insertRows(db, "article_authors", ["article_id", "author_id", "position"], links.article_authors);
  await insertRows(db, "article_attributions", ["article_id", "position", "kind", "outlet", "url"], sources);
  await insertRows(
    db,
    "article_revisions",
    ["article_id", "revision", "user_id", "created_at", "snapshot"],
    revisions,
  );
  await indexArticlesForSearch(
    db,
    articles.map((article, index) => ({
      id: ids[index] as number,
      status: article.publishedAt > now ? "scheduled" : "published",
      publishedAt: article.publishedAt,
      title: article.title,
      standfirst: article.standfirst,
      bodyHtml: (rendered[index] as RenderedDoc).html,
    })),
  );
  await continueIdsAfterExplicitOnes(db, "articles");
  await markContentChanged(db);
  return ids;
}
