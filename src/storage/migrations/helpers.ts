import { type CreateTableBuilder, type Kysely, PostgresAdapter } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed Kysely<any> so they never depend on today's types.
export type MigrationDb = Kysely<any>;

/** Whether the migration runs on PostgreSQL: the few schema choices that are one dialect's only. */
export const isPostgres = (db: MigrationDb) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The one column type that differs between our dialects: an auto-numbered primary key. */
export function withId<T extends string>(db: MigrationDb, table: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? table.addColumn("id", "integer", (col) => col.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn("id", "integer", (col) => col.primaryKey().autoIncrement());
}
