import { markdownToDoc } from "../../features/articles/document/doc.from-markdown.js";
import { renderDoc } from "../../features/articles/document/doc.render.js";
import type { MigrationDb } from "./helpers.js";

const BATCH = 500;

/**
 * Article bodies become the editor's JSON document (decision 0026): each Markdown body is converted once
 * by `markdownToDoc`, the public HTML is rendered again from the document (it shows the same), and every
 * revision's snapshot gets its document too, so old revisions can still be compared and restored. The
 * conversion code is imported, unlike other migrations' types: this step exists to run that code once.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable("articles")
    .addColumn("body_doc", "text", (col) => col.notNull().defaultTo('{"type":"doc","content":[]}'))
    .execute();
  for (let lastId = 0; ; ) {
    const rows = await db
      .selectFrom("articles")
      .select(["id", "body_markdown"])
      .where("id", ">", lastId)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const doc = markdownToDoc(row.body_markdown);
      await db
        .updateTable("articles")
        .set({ body_doc: JSON.stringify(doc), body_html: renderDoc(doc).html })
        .where("id", "=", row.id)
        .execute();
    }
    if (rows.length < BATCH) break;
    lastId = (rows.at(-1) as { id: number }).id;
  }
  for (let lastId = 0; ; ) {
    const rows = await db
      .selectFrom("article_revisions")
      .select(["id", "snapshot"])
      .where("id", ">", lastId)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const { bodyMarkdown, ...snapshot } = JSON.parse(row.snapshot);
      const body = markdownToDoc(typeof bodyMarkdown === "string" ? bodyMarkdown : "");
      await db
        .updateTable("article_revisions")
        .set({ snapshot: JSON.stringify({ ...snapshot, body }) })
        .where("id", "=", row.id)
        .execute();
    }
    if (rows.length < BATCH) break;
    lastId = (rows.at(-1) as { id: number }).id;
  }
  await db.schema.alterTable("articles").dropColumn("body_markdown").execute();
}

/** Back to Markdown is not possible without loss; the old column comes back empty so older code can start. */
export async function down(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable("articles")
    .addColumn("body_markdown", "text", (col) => col.notNull().defaultTo(""))
    .execute();
  await db.schema.alterTable("articles").dropColumn("body_doc").execute();
}
