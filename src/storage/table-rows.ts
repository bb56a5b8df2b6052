import { sql } from "kysely";
import { inBatches } from "../core/paging.js";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect-of.js";
import type { Db } from "./storage.js";

/**
 * Whole tables read and written row by row, for exports and imports: the one place that reads a table
 * without knowing its columns. Features name their own tables (see features/export/table-type.ts);
 * nothing here chooses which tables leave the site.
 */
export type TableName = keyof Database & string;
export type PlainRow = Record<string, unknown>;

/** Both dialects bind at most ~32k values in one statement (SQLite's limit is the lower). */
const MAX_VALUES_PER_STATEMENT = 30_000;

/**
 * Every row of `table` in the order of `key` (its primary key), one batch in memory at a time (keyset
 * paging: each batch starts after the last key seen, so a table of any size costs the same per row).
 */
export function tableRows(db: Db, table: TableName, key: readonly string[], batchSize = 1000) {
  // The table is named by the feature that owns it; Kysely cannot type a table chosen at run time.
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  const untyped = db as any;
  return inBatches<PlainRow>(async (after, limit) => {
    let query = untyped.selectFrom(table).selectAll();
    if (after) {
      query = query.where((eb: AnyBuilder) =>
        key.length === 1
          ? eb(key[0], ">", after[key[0] as string])
          : eb(eb.refTuple(...key), ">", eb.tuple(...key.map((column) => after[column]))),
      );
    }
    for (const column of key) query = query.orderBy(column);
    return query.limit(limit).execute();
  }, batchSize);
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's expression builder for a table chosen at run time.
type AnyBuilder = any;

export async function countRows(db: Db, table: TableName): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Inserts rows as they are, ids included, in as few statements as the dialect's value limit allows. */
export async function insertRows(db: Db, table: TableName, rows: readonly PlainRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / columns));
  for (let start = 0; start < rows.length; start += perStatement) {
    // biome-ignore lint/suspicious/noExplicitAny: the table is chosen at run time (see tableRows).
    await (db as any)
      .insertInto(table)
      .values(rows.slice(start, start + perStatement))
      .execute();
  }
}

/**
 * After rows were inserted with their own ids: PostgreSQL's identity sequence does not see them, and
 * the next ordinary insert would reuse id 1. SQLite's AUTOINCREMENT already follows the largest id.
 */
export async function continueIdsAfterImport(db: Db, table: TableName): Promise<void> {
  if (dialectOf(db) !== "postgres") return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest(coalesce(max(id), 0), 1), max(id) is not null)
    from ${sql.table(table)}`.execute(db);
}
