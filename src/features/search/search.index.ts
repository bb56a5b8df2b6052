import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import { dialectOf } from "../../storage/dialect-of.js";
import type { Db } from "../../storage/storage.js";
import type { ArticleStatus } from "../articles/article.js";
import { getSiteSettings } from "../settings/settings.js";
import { htmlToText, plainText, textSearchConfig } from "./search.js";

export interface SearchableArticle {
  id: number;
  status: ArticleStatus;
  publishedAt: number | null;
  title: string;
  standfirst: string;
  bodyHtml: string;
}

/** Title above standfirst above body: a word in the headline says most about what an article is about. */
const titleAndStandfirstVector = (config: string, title: unknown, standfirst: unknown) =>
  sql`setweight(to_tsvector(${config}::regconfig, ${title}), 'A') ||
      setweight(to_tsvector(${config}::regconfig, ${standfirst}), 'B')`;
const bodyVector = (config: string, body: unknown) =>
  sql`setweight(to_tsvector(${config}::regconfig, ${body}), 'C')`;

/**
 * Brings the articles' search entries up to date. MUST run inside the transaction that writes the
 * articles (article.service.ts), so search never disagrees with what was saved. The status and time
 * are kept so that searches decide, when they run, whether the public may see each match. Many
 * articles (an import's) take a few multi-row statements.
 */
export async function indexArticlesForSearch(db: Db, articles: readonly SearchableArticle[]): Promise<void> {
  if (articles.length === 0) return;
  // Bulk loads share a few bodies among many articles: each is reduced to text once.
  const textOf = new Map<string, string>();
  const bodyText = (html: string) => {
    let text = textOf.get(html);
    if (text === undefined) {
      text = htmlToText(html);
      textOf.set(html, text);
    }
    return text;
  };
  const docs = articles.map((article) => ({
    article_id: article.id,
    status: article.status,
    published_at: article.publishedAt,
    title: plainText(article.title),
    standfirst: plainText(article.standfirst),
    body: bodyText(article.bodyHtml),
  }));
  if (dialectOf(db) === "postgres") {
    const config = textSearchConfig((await getSiteSettings(db)).language);
    for (const slice of slicesOf(docs, 200)) {
      // Each distinct body is sent and turned into words once: a bulk load's articles share a few.
      const bodies = [...new Set(slice.map((doc) => doc.body))];
      const bodyAt = new Map(bodies.map((body, at) => [body, at]));
      const rows = slice.map(
        (doc) =>
          sql`(${doc.article_id}::integer, ${doc.status}, ${doc.published_at}::bigint, ${doc.title}, ${doc.standfirst}, ${bodyAt.get(doc.body)}::integer)`,
      );
      const bodyRows = bodies.map((body, at) => sql`(${at}::integer, ${body})`);
      // Materialized: each body's words are found once, however many articles join it.
      await sql`with doc (article_id, status, published_at, title, standfirst, body_at) as (values ${sql.join(rows)}),
          body (at, text) as (values ${sql.join(bodyRows)}),
          body_words as materialized (select at, text, ${bodyVector(config, sql.ref("text"))} as vector from body)
        insert into search_documents (article_id, status, published_at, title, standfirst, body, document)
        select doc.article_id, doc.status, doc.published_at, doc.title, doc.standfirst, body_words.text,
          ${titleAndStandfirstVector(config, sql.ref("doc.title"), sql.ref("doc.standfirst"))} || body_words.vector
        from doc join body_words on body_words.at = doc.body_at
        on conflict (article_id) do update set status = excluded.status, published_at = excluded.published_at,
          title = excluded.title, standfirst = excluded.standfirst, body = excluded.body,
          document = excluded.document`.execute(db);
    }
    return;
  }
  for (const slice of slicesOf(docs, 200)) {
    const ids = slice.map((doc) => doc.article_id);
    // An external-content FTS5 index forgets a row only when told the exact text it indexed.
    const old = await db.selectFrom("search_documents").selectAll().where("article_id", "in", ids).execute();
    for (const row of old) {
      await sql`insert into search_index (search_index, rowid, title, standfirst, body)
        values ('delete', ${row.article_id}, ${row.title}, ${row.standfirst}, ${row.body})`.execute(db);
    }
    await db
      .insertInto("search_documents")
      .values(slice)
      .onConflict((conflict) =>
        conflict.column("article_id").doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          published_at: eb.ref("excluded.published_at"),
          title: eb.ref("excluded.title"),
          standfirst: eb.ref("excluded.standfirst"),
          body: eb.ref("excluded.body"),
        })),
      )
      .execute();
    const entries = slice.map(
      (doc) => sql`(${doc.article_id}, ${doc.title}, ${doc.standfirst}, ${doc.body})`,
    );
    await sql`insert into search_index (rowid, title, standfirst, body) values ${sql.join(entries)}`.execute(
      db,
    );
  }
}

export const indexArticleForSearch = (db: Db, article: SearchableArticle) =>
  indexArticlesForSearch(db, [article]);
