import { sql } from "kysely";
import type { MigrationDb } from "./helpers.js";

/** Per article, whether its story goes out by e-mail: chosen in the editor; no row means "site and e-mail". */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("newsletter_article_modes")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    .addColumn("mode", "varchar(16)", (col) =>
      col.notNull().check(sql`mode in ('site', 'site-and-email', 'email')`),
    )
    .addColumn("updated_at", "bigint", (col) => col.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("newsletter_article_modes").execute();
}
