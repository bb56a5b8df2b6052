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

/** Every foreign key of the database as the catalog describes it, sorted. */
export async function allForeignKeys(db: Db): Promise<string[]> {
  const query =
    dialectOf(db) === "sqlite"
      ? sql<{
          line: string;
        }>`select m.name || ' ' || k."from" || ' ' || k."table" || '.' || k."to" || ' ' || k.on_delete as line
          from sqlite_master m join pragma_foreign_key_list(m.name) k where m.type = 'table'`
      : sql<{
          line: string;
        }>`select c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) || ' ' || k.convalidated as line
          from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
          where k.contype = 'f' and n.nspname = current_schema()`;
  return (await query.execute(db)).rows.map((row) => row.line).sort();
}
