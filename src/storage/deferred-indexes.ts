import { sql } from "kysely";
import type { Progress } from "../core/progress.js";
import { dialectOf } from "./dialect-of.js";
import type { Db } from "./storage.js";

/** A plain (non-unique) secondary index, with the statement that creates it as the database keeps it. */
export interface SecondaryIndex {
  table: string;
  name: string;
  definition: string;
}

/**
 * The tables' indexes made by CREATE INDEX, as the catalog records their statements: not primary keys,
 * not unique ones (constraints and ON CONFLICT targets stay whole), not SQLite's automatic ones.
 */
export async function listSecondaryIndexes(db: Db, tables: readonly string[]): Promise<SecondaryIndex[]> {
  if (tables.length === 0) return [];
  const names = sql.join(tables.map((table) => sql.lit(table)));
  const query =
    dialectOf(db) === "sqlite"
      ? sql<SecondaryIndex>`select tbl_name as "table", name, sql as definition from sqlite_master
          where type = 'index' and sql is not null and sql not like 'CREATE UNIQUE%' and tbl_name in (${names})
          order by name`
      : sql<SecondaryIndex>`select tablename as "table", indexname as name, indexdef as definition
          from pg_indexes
          where schemaname = current_schema() and indexdef not like 'CREATE UNIQUE%' and tablename in (${names})
          order by indexname`;
  return (await query.execute(db)).rows;
}

/** A foreign key of a table, with the clause that declares it as the catalog gives it back. */
export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * The tables' foreign keys, on PostgreSQL, where each row inserted checks its keys through a trigger.
 * None on SQLite: its keys cannot be dropped, and a load turns their checks off instead (`pragma
 * foreign_keys`).
 */
export async function listForeignKeys(db: Db, tables: readonly string[]): Promise<ForeignKey[]> {
  if (tables.length === 0 || dialectOf(db) !== "postgres") return [];
  const names = sql.join(tables.map((table) => sql.lit(table)));
  const query = sql<ForeignKey>`select c.relname as "table", k.conname as name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema() and c.relname in (${names})
    order by k.conname`;
  return (await query.execute(db)).rows;
}

/**
 * Runs a bulk load into `tables` without their secondary indexes (and, on PostgreSQL, their foreign
 * keys) and builds them again afterwards from the very statements the catalog held, whatever the
 * load's outcome. Building an index once over the loaded rows is a sort, and checking a key once a
 * join; keeping them up row by row is a B-tree descent per row and index, and a lookup per row and
 * key, most of a bulk insert's cost. Worth it only when the load dwarfs what the tables hold: the
 * caller's call (seed-demo does it for a site that was empty). Queries meanwhile still answer, more
 * slowly; the load itself must keep its rows' keys right, since nothing checks them until the end.
 */
export async function withIndexesAndKeysDeferred<T>(
  db: Db,
  tables: readonly string[],
  load: () => Promise<T>,
  /** Shows the rebuild's progress, index by index and key by key: after a large load it takes a while. */
  rebuilding?: (total: number) => Progress,
): Promise<T> {
  const indexes = await listSecondaryIndexes(db, tables);
  const keys = await listForeignKeys(db, tables);
  for (const key of keys)
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.id(key.name)}`.execute(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    return await load();
  } finally {
    const bar = rebuilding?.(indexes.length + keys.length);
    for (const [built, index] of indexes.entries()) {
      await sql.raw(index.definition).execute(db);
      bar?.update(built + 1);
    }
    // Each key is back before any is checked, so a row the load got wrong leaves it in force for new rows.
    for (const key of keys)
      await sql`alter table ${sql.table(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)} not valid`.execute(
        db,
      );
    for (const [checked, key] of keys.entries()) {
      await sql`alter table ${sql.table(key.table)} validate constraint ${sql.id(key.name)}`.execute(db);
      bar?.update(indexes.length + checked + 1);
    }
    bar?.finish();
  }
}
