import type { Db } from "../../storage/storage.js";
import type { PlainRow } from "../../storage/table-rows.js";
import { type ExportPart, tableType } from "../export/export-part.js";
import { indexArticleForSearch } from "../search/search.index.js";
import type { ArticleStatus } from "./article.js";

/** The search index is derived from the articles, so it is rebuilt as they arrive rather than exported. */
async function indexForSearch(db: Db, rows: PlainRow[]): Promise<void> {
  for (const row of rows) {
    await indexArticleForSearch(db, {
      id: Number(row.id),
      status: row.status as ArticleStatus,
      publishedAt: row.published_at === null ? null : Number(row.published_at),
      title: String(row.title),
      standfirst: String(row.standfirst),
      bodyHtml: String(row.body_html),
    });
  }
}

/**
 * Articles and pages (one table, told apart by `kind`), their sections, tags, authors, attributions,
 * old slugs and every saved revision. Autosaves and editing presence are not records.
 */
export const articleExport: ExportPart = {
  feature: "articles",
  types: [
    tableType("articles", { afterInsert: indexForSearch }),
    tableType("article_categories", { key: ["article_id", "category_id"] }),
    tableType("article_tags", { key: ["article_id", "tag_id"] }),
    tableType("article_authors", { key: ["article_id", "author_id"] }),
    tableType("article_attributions"),
    tableType("article_slug_redirects", { key: ["old_slug"] }),
    tableType("article_revisions"),
  ],
};
