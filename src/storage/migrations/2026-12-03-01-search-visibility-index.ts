import { isPostgres, type MigrationDb } from "./helpers.js";

/**
 * SQLite's search decides visibility for its 2,000 newest matches (search.repository.ts) by reading
 * status and published_at from search_documents. Read by rowid, each of those reads a whole row: at
 * 100,000 articles a common word read 400 leaf pages of article text that nothing used (1.3 MB to
 * 15 MB from the disk when the archive was not in memory, and 50 ms). This index holds only what the
 * check needs, about 30 bytes an article; the query names it, since SQLite, without statistics, always
 * prefers the rowid. Unique (article_id already is), so bulk loads that set plain indexes aside while
 * they run (deferred-indexes.ts) leave it in place and the query never finds it missing.
 * PostgreSQL's search filters the GIN index's matches differently and has no use for it.
 */
const SEARCH_VISIBILITY_INDEX = "search_documents_visibility";

export async function up(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema
    .createIndex(SEARCH_VISIBILITY_INDEX)
    .unique()
    .on("search_documents")
    .columns(["article_id", "status", "published_at"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema.dropIndex(SEARCH_VISIBILITY_INDEX).execute();
}
