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

/**
 * Runs a bulk load into `tables` without their secondary indexes and builds them again afterwards
 * from the very statements the catalog held, whatever the load's outcome. Building an index once over
 * the loaded rows is a sort; keeping it up to date row by row is a B-tree descent per row and index,
 * most of a bulk insert's cost. Worth it only when the load dwarfs what the tables hold: the caller's
 * call (seed-demo does it for a site that was empty). Queries meanwhile still answer, more slowly.
 */
export async function withIndexesDeferred<T>(
  db: Db,
  tables: readonly string[],
  load: () => Promise<T>,
  /** Shows the rebuild's progress, index by index: after a large load it takes a while. */
  rebuilding?: (total: number) => Progress,
): Promise<T> {
  const indexes = await listSecondaryIndexes(db, tables);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    return await load();
  } finally {
    const bar = rebuilding?.(indexes.length);
    for (const [built, index] of indexes.entries()) {
      await sql.raw(index.definition).execute(db);
      bar?.update(built + 1);
    }
    bar?.finish();
  }
}
