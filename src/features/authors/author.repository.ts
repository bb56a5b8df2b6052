import { reusableListQuery } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import type { Author } from "./author.js";
import type { AuthorRow } from "./author.table.js";

const toAuthor = (row: AuthorRow): Author => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  bio: row.bio,
  avatarUrl: row.avatar_url,
});

export async function findAuthorBySlug(db: Db, slug: string): Promise<Author | undefined> {
  const row = await db.selectFrom("authors").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && toAuthor(row);
}

const authorsByIds = reusableListQuery((db: Db, ids) =>
  db.selectFrom("authors").selectAll().where("id", "in", ids),
);

export async function findAuthorsByIds(db: Db, ids: readonly number[]): Promise<Map<number, Author>> {
  if (ids.length === 0) return new Map();
  const rows = await authorsByIds(db, ids);
  return new Map(rows.map((row) => [row.id, toAuthor(row)]));
}

export async function createAuthor(
  db: Db,
  input: Omit<Author, "id" | "avatarUrl"> & { avatarUrl?: string | null },
  now: number,
): Promise<Author> {
  const row = await db
    .insertInto("authors")
    .values({
      slug: input.slug,
      name: input.name,
      bio: input.bio,
      avatar_url: input.avatarUrl ?? null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuthor(row);
}

export async function listAuthors(db: Db): Promise<Author[]> {
  const rows = await db.selectFrom("authors").selectAll().orderBy("name").execute();
  return rows.map(toAuthor);
}

/** Every author's slug in slug order (the unique index's): for sitemaps. */
export async function listAuthorSlugs(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("authors").select("slug").orderBy("slug").execute();
  return rows.map((row) => row.slug);
}
