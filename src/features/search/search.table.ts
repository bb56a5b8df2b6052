/**
 * The text search reads, one row per article, written in the article's own transaction. On SQLite
 * the FTS5 table `search_index` indexes these rows (external content); on PostgreSQL the
 * `document` column holds their weighted tsvector, under a GIN index.
 */
export interface SearchDocumentsTable {
  article_id: number;
  /** The article's status and publication time, copied in the same write: search filters on them. */
  status: string;
  published_at: number | null;
  title: string;
  standfirst: string;
  body: string;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
}
