import { sql } from "kysely";
import { isPostgres, type MigrationDb } from "./helpers.js";

/** The article's links to categories, tags and authors: each keyed by (article_id, linked id). */
const LINK_TABLES = [
  { table: "article_categories", column: "category_id", target: "categories" },
  { table: "article_tags", column: "tag_id", target: "tags" },
  { table: "article_authors", column: "author_id", target: "authors" },
] as const;

type LinkTable = (typeof LINK_TABLES)[number];

/**
 * On SQLite a table with a composite primary key is two B-trees: the rows by a hidden rowid, and the
 * key's own index pointing at them. Reading an article's links in their order (position is not in the
 * key) went through both, two leaf pages per link table, and an uncached article page reads five such
 * lists. WITHOUT ROWID stores the rows in the key's order, so one leaf page holds an article's links.
 * PostgreSQL keeps every table as a heap beside its indexes; it has no such choice to make.
 */
export async function up(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) return;
  for (const link of LINK_TABLES) await rebuild(db, link, sql`without rowid`);
}

export async function down(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) return;
  for (const link of LINK_TABLES) await rebuild(db, link, sql``);
}

/**
 * SQLite cannot change a table's storage in place: a copy is made, filled and renamed, inside the
 * migration's transaction. Nothing references these tables, so dropping the old one cascades nowhere.
 */
async function rebuild(
  db: MigrationDb,
  { table, column, target }: LinkTable,
  storage: ReturnType<typeof sql>,
) {
  const copy = `${table}_rebuilt`;
  await db.schema
    .createTable(copy)
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn(column, "integer", (col) => col.notNull().references(`${target}.id`).onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ["article_id", column])
    .modifyEnd(storage)
    .execute();
  await sql`insert into ${sql.table(copy)} (article_id, ${sql.ref(column)}, position)
    select article_id, ${sql.ref(column)}, position from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(copy).renameTo(table).execute();
  await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, "article_id"]).execute();
}
