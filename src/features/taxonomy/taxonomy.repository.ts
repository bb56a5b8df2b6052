import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import { slugify } from "../../core/slug.js";
import { reusableListQuery } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import type { Category, Tag, TaxonomyKind } from "./taxonomy.js";

export async function findCategoryBySlug(db: Db, slug: string): Promise<Category | undefined> {
  return db.selectFrom("categories").selectAll().where("slug", "=", slug).executeTakeFirst();
}

const categoriesByIds = reusableListQuery((db: Db, ids) =>
  db.selectFrom("categories").selectAll().where("id", "in", ids),
);

export async function findCategoriesByIds(db: Db, ids: readonly number[]): Promise<Map<number, Category>> {
  if (ids.length === 0) return new Map();
  const rows = await categoriesByIds(db, ids);
  return new Map(rows.map((row) => [row.id, row]));
}

export async function listCategories(db: Db): Promise<Category[]> {
  return db.selectFrom("categories").selectAll().orderBy("name").execute();
}

export async function createCategory(db: Db, input: Omit<Category, "id">): Promise<Category> {
  return db.insertInto("categories").values(input).returningAll().executeTakeFirstOrThrow();
}

export async function findTagBySlug(db: Db, slug: string): Promise<Tag | undefined> {
  return db.selectFrom("tags").selectAll().where("slug", "=", slug).executeTakeFirst();
}

const tagsByIds = reusableListQuery((db: Db, ids) =>
  db.selectFrom("tags").selectAll().where("id", "in", ids),
);

export async function findTagsByIds(db: Db, ids: readonly number[]): Promise<Map<number, Tag>> {
  if (ids.length === 0) return new Map();
  const rows = await tagsByIds(db, ids);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Returns the tags with these display names, creating the missing ones (slug from the name). A name
 * whose slug was renamed or merged away means the tag it now redirects to, so a merge stays merged
 * when an article that still says #old is saved again.
 */
export async function ensureTags(db: Db, names: readonly string[]): Promise<Tag[]> {
  // Two names may now lead to one tag, and an article carries each tag once.
  const tags = [...(await ensureTagsBySlug(db, names)).values()];
  return [...new Map(tags.map((tag) => [tag.id, tag])).values()];
}

/**
 * `ensureTags` keyed by each name's slug (`slugify(name)`), so one call serves many articles (an
 * import's): each finds its own names' tags in the map.
 */
export async function ensureTagsBySlug(db: Db, names: readonly string[]): Promise<Map<string, Tag>> {
  const bySlug = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, name.trim());
  }
  const found = new Map<string, Tag>();
  for (const slugs of slicesOf([...bySlug.keys()], 500)) {
    const redirects = await db
      .selectFrom("tag_slug_redirects")
      .select(["old_slug", "target_id"])
      .where("old_slug", "in", slugs)
      .execute();
    const movedTo = new Map(redirects.map((row) => [row.old_slug, row.target_id]));
    const fresh = slugs.filter((slug) => !movedTo.has(slug));
    if (fresh.length > 0) {
      await db
        .insertInto("tags")
        .values(fresh.map((slug) => ({ slug, name: bySlug.get(slug) ?? slug })))
        .onConflict((conflict) => conflict.column("slug").doNothing())
        .execute();
    }
    const rows = await db
      .selectFrom("tags")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("slug", "in", slugs),
          ...(movedTo.size > 0 ? [eb("id", "in", [...movedTo.values()])] : []),
        ]),
      )
      .execute();
    const rowsBySlug = new Map(rows.map((row) => [row.slug, row]));
    const rowsById = new Map(rows.map((row) => [row.id, row]));
    for (const slug of slugs) {
      const targetId = movedTo.get(slug);
      const tag = targetId === undefined ? rowsBySlug.get(slug) : rowsById.get(targetId);
      if (tag) found.set(slug, tag);
    }
  }
  return found;
}

export async function findCategoryById(db: Db, id: number): Promise<Category | undefined> {
  return db.selectFrom("categories").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updateCategoryRow(db: Db, id: number, values: Omit<Category, "id">): Promise<void> {
  await db.updateTable("categories").set(values).where("id", "=", id).execute();
}

export async function deleteCategoryRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom("categories").where("id", "=", id).execute();
}

export async function findTagById(db: Db, id: number): Promise<Tag | undefined> {
  return db.selectFrom("tags").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updateTagRow(db: Db, id: number, values: Omit<Tag, "id">): Promise<void> {
  await db.updateTable("tags").set(values).where("id", "=", id).execute();
}

/** Deletes the tag; its article links and old slugs go with it (foreign keys cascade). */
export async function deleteTagRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom("tags").where("id", "=", id).execute();
}

/** Tags by name, optionally only those whose name contains `nameContains` (case-insensitive); `limit + 1` rows. */
export async function listTags(
  db: Db,
  query: { nameContains: string; limit: number; offset: number },
): Promise<Tag[]> {
  let select = db.selectFrom("tags").selectAll();
  if (query.nameContains) {
    const escaped = query.nameContains.toLowerCase().replace(/[\\%_]/g, "\\$&");
    // An explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the backslash.
    select = select.where(sql<boolean>`lower(name) like ${`%${escaped}%`} escape '\\'`);
  }
  return select
    .orderBy("name")
    .orderBy("id")
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
}

const TABLES = {
  category: { rows: "categories", redirects: "category_slug_redirects" },
  tag: { rows: "tags", redirects: "tag_slug_redirects" },
} as const;

/** The id of the category or tag that has this slug now. */
export async function findSlugOwner(db: Db, kind: TaxonomyKind, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom(TABLES[kind].rows).select("id").where("slug", "=", slug).executeTakeFirst();
  return row?.id;
}

/** The current slug of the category or tag that used to be at `oldSlug`. */
export async function findMovedSlug(
  db: Db,
  kind: TaxonomyKind,
  oldSlug: string,
): Promise<string | undefined> {
  const { rows, redirects } = TABLES[kind];
  const row = await db
    .selectFrom(rows)
    .select("slug")
    .where("id", "in", db.selectFrom(redirects).select("target_id").where("old_slug", "=", oldSlug))
    .executeTakeFirst();
  return row?.slug;
}

/** Makes `oldSlug` lead to `targetId` for good. */
export async function rememberOldSlug(db: Db, kind: TaxonomyKind, oldSlug: string, targetId: number) {
  await db
    .insertInto(TABLES[kind].redirects)
    .values({ old_slug: oldSlug, target_id: targetId })
    .onConflict((conflict) => conflict.column("old_slug").doUpdateSet({ target_id: targetId }))
    .execute();
}

/** A slug taken by a category or tag again stops redirecting. */
export async function forgetOldSlug(db: Db, kind: TaxonomyKind, slug: string) {
  await db.deleteFrom(TABLES[kind].redirects).where("old_slug", "=", slug).execute();
}

/** Points every old slug of one category or tag at another. */
export async function retargetOldSlugs(db: Db, kind: TaxonomyKind, fromId: number, toId: number) {
  await db
    .updateTable(TABLES[kind].redirects)
    .set({ target_id: toId })
    .where("target_id", "=", fromId)
    .execute();
}

export async function countTags(db: Db): Promise<number> {
  const row = await db
    .selectFrom("tags")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Tag slugs in slug order (the unique index's), a page at a time: for sitemaps. */
export async function listTagSlugs(db: Db, query: { limit: number; offset: number }): Promise<string[]> {
  const rows = await db
    .selectFrom("tags")
    .select("slug")
    .orderBy("slug")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map((row) => row.slug);
}

/** Nests a category under another (null: top level); the import carries WordPress's hierarchy over. */
export async function setCategoryParent(db: Db, id: number, parentId: number | null): Promise<void> {
  await db.updateTable("categories").set({ parent_id: parentId }).where("id", "=", id).execute();
}
