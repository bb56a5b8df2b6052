import { sql } from "kysely";
import { dialectOf } from "../../src/storage/dialect-of.js";
import type { Db } from "../../src/storage/storage.js";

/** Every index of the database, unique and automatic ones too, as the catalog describes it, sorted. */
export async function allIndexes(db: Db): Promise<string[]> {
  const query =
    dialectOf(db) === "sqlite"
      ? sql<{ line: string }>`select tbl_name || ' ' || name || ' ' || coalesce(sql, '(automatic)') as line
          from sqlite_master where type = 'index'`
      : sql<{ line: string }>`select tablename || ' ' || indexname || ' ' || indexdef as line
          from pg_indexes where schemaname = current_schema()`;
  return (await query.execute(db)).rows.map((row) => row.line).sort();
}
