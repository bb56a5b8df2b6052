import { slugify } from "../../core/slug.js";
import type { Db } from "../../storage/storage.js";
import type { Category, Tag } from "./taxonomy.js";

export async function findCategoryBySlug(db: Db, slug: string): Promise<Category | undefined> {
  return db.selectFrom("categories").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findCategoriesByIds(db: Db, ids: readonly number[]): Promise<Map<number, Category>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("categories")
    .selectAll()
    .where("id", "in", [...ids])
    .execute();
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

export async function findTagsByIds(db: Db, ids: readonly number[]): Promise<Map<number, Tag>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("tags")
    .selectAll()
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Returns the tags with these display names, creating the missing ones (slug from the name). */
export async function ensureTags(db: Db, names: readonly string[]): Promise<Tag[]> {
  const bySlug = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, name.trim());
  }
  if (bySlug.size === 0) return [];
  await db
    .insertInto("tags")
    .values([...bySlug].map(([slug, name]) => ({ slug, name })))
    .onConflict((conflict) => conflict.column("slug").doNothing())
    .execute();
  const rows = await db
    .selectFrom("tags")
    .selectAll()
    .where("slug", "in", [...bySlug.keys()])
    .execute();
  const rowsBySlug = new Map(rows.map((row) => [row.slug, row]));
  return [...bySlug.keys()].flatMap((slug) => rowsBySlug.get(slug) ?? []);
}
