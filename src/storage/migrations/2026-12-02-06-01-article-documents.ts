import { markdownToDoc } from "../../features/articles/document/doc.from-markdown.js";
import { renderDoc } from "../../features/articles/document/doc.render.js";
import type { MigrationDb } from "./helpers.js";

const BATCH = 500;

/** Every row of the table in id order, a batch at a time (memory stays flat on a large site). */
async function eachRow(
  db: MigrationDb,
  table: string,
  columns: string[],
  // biome-ignore lint/suspicious/noExplicitAny: rows of the schema as it was before this migration.
  change: (row: any) => Promise<void>,
): Promise<void> {
  for (let lastId = 0; ; ) {
    const rows = await db
      .selectFrom(table)
      .select(columns)
      .where("id", ">", lastId)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const row of rows) await change(row);
    if (rows.length < BATCH) return;
    lastId = (rows.at(-1) as { id: number }).id;
  }
}

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
  await eachRow(db, "articles", ["id", "body_markdown"], async (row) => {
    const doc = markdownToDoc(row.body_markdown);
    await db
      .updateTable("articles")
      .set({ body_doc: JSON.stringify(doc), body_html: renderDoc(doc).html })
      .where("id", "=", row.id)
      .execute();
  });
  await eachRow(db, "article_revisions", ["id", "snapshot"], async (row) => {
    const { bodyMarkdown, ...snapshot } = JSON.parse(row.snapshot);
    const body = markdownToDoc(typeof bodyMarkdown === "string" ? bodyMarkdown : "");
    await db
      .updateTable("article_revisions")
      .set({ snapshot: JSON.stringify({ ...snapshot, body }) })
      .where("id", "=", row.id)
      .execute();
  });
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
