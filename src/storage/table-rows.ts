import { inBatches } from "../core/paging.js";
import { insertRows } from "./bulk-insert.js";
import type { Database } from "./database.js";
import type { Db } from "./storage.js";

/**
 * Whole tables read and written row by row, for exports and imports: the one place that reads a table
 * without knowing its columns. Features name their own tables (see features/export/table-type.ts);
 * nothing here chooses which tables leave the site.
 */
export type TableName = keyof Database & string;
export type PlainRow = Record<string, unknown>;

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

/** Inserts rows as they are, ids included, in as few statements as the dialect allows (bulk-insert.ts). */
export async function insertPlainRows(db: Db, table: TableName, rows: readonly PlainRow[]): Promise<void> {
  // An export's rows all carry every column of their table: the first row names them.
  const columns = Object.keys(rows[0] ?? {}) as (keyof Database[TableName] & string)[];
  await insertRows(
    db,
    table,
    columns,
    rows.map((row) => columns.map((column) => row[column])),
  );
}
