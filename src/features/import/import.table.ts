/** What an earlier import made of each source item, so running it again updates instead of duplicating. */
export interface ImportTables {
  import_links: {
    /** "wordpress" (later "ghost"). */
    source: string;
    /** "author", "category", "post", "page", "comment", "media". */
    kind: string;
    /** The source's own id (WordPress post or term id, author login, upload path). */
    source_id: string;
    /** The id of the row made here. */
    target_id: number;
    fingerprint: string;
  };
}
