import { AppError, badRequest, notFound } from "../../core/errors.js";
import { pageOf } from "../../core/paging.js";
import { isSlug, slugify } from "../../core/slug.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import {
  countArticlesInCategory,
  countArticlesPerCategory,
  countArticlesPerTag,
  moveTagLinks,
} from "../articles/article.repository.js";
import type { Category, Tag, TaxonomyKind } from "./taxonomy.js";
import {
  createCategory,
  deleteCategoryRow,
  deleteTagRow,
  findCategoryById,
  findSlugOwner,
  findTagById,
  findTagBySlug,
  forgetOldSlug,
  listCategories,
  listTags,
  rememberOldSlug,
  retargetOldSlugs,
  updateCategoryRow,
  updateTagRow,
} from "./taxonomy.repository.js";

/** What the staff forms send; an empty slug means "make one from the name". */
export interface TagInput {
  name: string;
  slug: string;
}
export interface CategoryInput extends TagInput {
  description: string;
}

function cleanInput<T extends TagInput>(kind: TaxonomyKind, input: T): T {
  const name = input.name.trim();
  if (!name) throw badRequest(`Give the ${kind} a name.`).about("name");
  const requested = input.slug.trim();
  const slug = requested || slugify(name);
  if (!slug)
    throw badRequest("The name has no letters or digits to make a URL from; enter a slug.").about("slug");
  if (!isSlug(slug)) {
    throw badRequest(
      `"${requested}" cannot be a slug: use lowercase letters, digits and single hyphens.`,
    ).about("slug");
  }
  return { ...input, name, slug };
}

/** Takes `slug` for the category or tag `ownerId` (null: a new one), or refuses if another has it. */
async function claimSlug(db: Db, kind: TaxonomyKind, slug: string, ownerId: number | null) {
  const owner = await findSlugOwner(db, kind, slug);
  if (owner !== undefined && owner !== ownerId) {
    throw new AppError("SLUG_TAKEN", 409, `Another ${kind} already uses the slug "${slug}".`).about("slug");
  }
  await forgetOldSlug(db, kind, slug);
}

/** A changed slug keeps the old public URL working: it answers 301 to the new one. */
async function changeSlug(db: Db, kind: TaxonomyKind, current: { id: number; slug: string }, slug: string) {
  await claimSlug(db, kind, slug, current.id);
  if (slug !== current.slug) await rememberOldSlug(db, kind, current.slug, current.id);
}

export async function addCategory(db: Db, input: CategoryInput): Promise<Category> {
  const { name, slug, description } = cleanInput("category", input);
  return db.transaction().execute(async (trx) => {
    await claimSlug(trx, "category", slug, null);
    const category = await createCategory(trx, { name, slug, description: description.trim() });
    await markContentChanged(trx);
    return category;
  });
}

export async function changeCategory(db: Db, id: number, input: CategoryInput): Promise<void> {
  const { name, slug, description } = cleanInput("category", input);
  await db.transaction().execute(async (trx) => {
    const current = await findCategoryById(trx, id);
    if (!current) throw notFound("Category");
    await changeSlug(trx, "category", current, slug);
    await updateCategoryRow(trx, id, { name, slug, description: description.trim() });
    await markContentChanged(trx);
  });
}

/** Only an empty category may go: deleting one would silently unfile its articles. */
export async function deleteCategory(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await findCategoryById(trx, id))) throw notFound("Category");
    const used = await countArticlesInCategory(trx, id);
    if (used > 0) {
      throw new AppError(
        "CATEGORY_IN_USE",
        409,
        `${used === 1 ? "One article is" : `${used} articles are`} filed under this category; move ${used === 1 ? "it" : "them"} to another category first.`,
      );
    }
    await deleteCategoryRow(trx, id);
    await markContentChanged(trx);
  });
}

export async function changeTag(db: Db, id: number, input: TagInput): Promise<void> {
  const { name, slug } = cleanInput("tag", input);
  await db.transaction().execute(async (trx) => {
    const current = await findTagById(trx, id);
    if (!current) throw notFound("Tag");
    await changeSlug(trx, "tag", current, slug);
    await updateTagRow(trx, id, { name, slug });
    await markContentChanged(trx);
  });
}

/** Removes the tag from every article (the articles stay) and deletes it. */
export async function deleteTag(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await findTagById(trx, id))) throw notFound("Tag");
    await deleteTagRow(trx, id);
    await markContentChanged(trx);
  });
}

/**
 * Folds tag `fromId` into the tag named (or slugged) `into`: its articles carry that tag instead,
 * once each, the tag is deleted, and its URLs, old ones included, lead to the tag kept.
 */
export async function mergeTags(db: Db, fromId: number, into: string): Promise<Tag> {
  return db.transaction().execute(async (trx) => {
    const from = await findTagById(trx, fromId);
    if (!from) throw notFound("Tag");
    const slug = slugify(into);
    const kept = slug ? await findTagBySlug(trx, slug) : undefined;
    if (!kept) throw badRequest(`There is no tag "${into.trim()}" to merge into.`);
    if (kept.id === fromId) throw badRequest("A tag cannot be merged into itself.");
    await moveTagLinks(trx, fromId, kept.id);
    // Re-pointed before the delete, which would otherwise cascade to them.
    await retargetOldSlugs(trx, "tag", fromId, kept.id);
    await deleteTagRow(trx, fromId);
    await rememberOldSlug(trx, "tag", from.slug, kept.id);
    await markContentChanged(trx);
    return kept;
  });
}

export type Counted<T> = T & { articleCount: number };

export async function getCategoryWithCount(db: Db, id: number): Promise<Counted<Category>> {
  const category = await findCategoryById(db, id);
  if (!category) throw notFound("Category");
  return { ...category, articleCount: await countArticlesInCategory(db, id) };
}

export async function getTagWithCount(db: Db, id: number): Promise<Counted<Tag>> {
  const tag = await findTagById(db, id);
  if (!tag) throw notFound("Tag");
  const counts = await countArticlesPerTag(db, [id]);
  return { ...tag, articleCount: counts.get(id) ?? 0 };
}

export async function listCategoriesWithCounts(db: Db): Promise<Counted<Category>[]> {
  const [categories, counts] = await Promise.all([listCategories(db), countArticlesPerCategory(db)]);
  return categories.map((category) => ({ ...category, articleCount: counts.get(category.id) ?? 0 }));
}

/** One page of tags by name, each with how many articles carry it. */
export async function listTagsWithCounts(
  db: Db,
  query: { nameContains: string; page: number; perPage: number },
): Promise<{ tags: Counted<Tag>[]; hasNext: boolean }> {
  const rows = await listTags(db, {
    nameContains: query.nameContains,
    limit: query.perPage,
    offset: (query.page - 1) * query.perPage,
  });
  const { items: tags, hasNext } = pageOf(rows, query.perPage);
  const counts = await countArticlesPerTag(
    db,
    tags.map((tag) => tag.id),
  );
  return {
    tags: tags.map((tag) => ({ ...tag, articleCount: counts.get(tag.id) ?? 0 })),
    hasNext,
  };
}
