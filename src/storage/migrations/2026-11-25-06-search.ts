import { PostgresAdapter, sql } from "kysely";
import { htmlToText, plainText, textSearchConfig } from "../../features/search/search.js";
import type { MigrationDb } from "./helpers.js";

const BATCH = 500;

/**
 * Site search: the searchable text of each article, and the dialect's full-text index over it —
 * FTS5 with the Porter stemmer on SQLite, a weighted tsvector under GIN on PostgreSQL in the site's
 * language. Existing articles are indexed here; later writes keep it in step in their own transaction.
 */
export async function up(db: MigrationDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("search_documents")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    // Copies of the article's own, written with it: search checks visibility without reading articles
    // (whose rows put the body before these). Short columns first, so a lookup never reads the text.
    .addColumn("status", "varchar(16)", (col) => col.notNull())
    .addColumn("published_at", "bigint")
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("standfirst", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .execute();
  if (postgres) {
    await sql`alter table search_documents add column document tsvector not null`.execute(db);
    await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
  } else {
    await sql`create virtual table search_index using fts5(
      title, standfirst, body,
      content = 'search_documents', content_rowid = 'article_id',
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  }

  const language = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "language")
    .executeTakeFirst();
  const config = textSearchConfig(language ? String(JSON.parse(language.value)) : "en");
  for (let afterId = 0; ; ) {
    const rows = await db
      .selectFrom("articles")
      .select(["id", "status", "published_at", "title", "standfirst", "body_html"])
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    afterId = last.id;
    const documents = rows.map((row) => ({
      article_id: row.id,
      status: row.status,
      published_at: row.published_at,
      title: plainText(row.title),
      standfirst: plainText(row.standfirst),
      body: htmlToText(row.body_html),
    }));
    await db
      .insertInto("search_documents")
      .values(documents.map((doc) => ({ ...doc, ...(postgres ? { document: sql`''::tsvector` } : {}) })))
      .execute();
  }
  if (postgres) {
    await sql`update search_documents set document =
      setweight(to_tsvector(${config}::regconfig, title), 'A') ||
      setweight(to_tsvector(${config}::regconfig, standfirst), 'B') ||
      setweight(to_tsvector(${config}::regconfig, body), 'C')`.execute(db);
  } else {
    await sql`insert into search_index (search_index) values ('rebuild')`.execute(db);
  }
}

export async function down(db: MigrationDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`drop table search_index`.execute(db);
  await db.schema.dropTable("search_documents").execute();
}
