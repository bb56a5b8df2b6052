import type { Kysely } from "kysely";

/** A database as an older migration left it: tests write rows the way that schema had them. */
// biome-ignore lint/suspicious/noExplicitAny: the rows are written as the older schema had them.
export type OldDb = Kysely<any>;

/**
 * A published article row with the columns every schema since the first has, plus `columns` (those
 * of the schema the test migrates from). Returns its id.
 */
export async function insertOldArticle(db: OldDb, slug: string, columns: Record<string, unknown> = {}) {
  const { id } = await db
    .insertInto("articles")
    .values({
      slug,
      title: slug,
      standfirst: "",
      body_html: "",
      status: "published",
      published_at: 1,
      created_at: 1,
      updated_at: 1,
      ...columns,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id as number;
}
