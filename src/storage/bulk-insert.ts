import { CompiledQuery, sql } from "kysely";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect-of.js";
import { CopyRows } from "./dialects/postgres-copy.js";
import type { Db } from "./storage.js";

/**
 * Parameters one statement may carry: SQLite binds at most 32,766, PostgreSQL 65,535. Rows beyond
 * what fits go in further statements of the same shape.
 */
const MAX_PARAMETERS = 30_000;

/**
 * Rows per statement of a bulk load's per-article counter upserts (a few columns each), well inside
 * both dialects' parameter limits however many articles one batch of rows reaches.
 */
export const COUNTERS_PER_STATEMENT = 1_000;

/** The SQL of a multi-row insert, compiled once per dialect, table, columns and row count. */
const statementsByShape = new Map<string, string>();

function insertSql(db: Db, table: string, columns: readonly string[], rowCount: number): string {
  const key = `${dialectOf(db)} ${table} ${columns.join(",")} ${rowCount}`;
  let text = statementsByShape.get(key);
  if (text === undefined) {
    // Kysely compiles every value into a parameter, in row order then column order.
    const row = Object.fromEntries(columns.map((column) => [column, 0]));
    // biome-ignore lint/suspicious/noExplicitAny: the table and columns are checked by insertRows' signature.
    const compiled = (db as any)
      .insertInto(table)
      .values(Array.from({ length: rowCount }, () => row))
      .compile();
    if (compiled.parameters.length !== rowCount * columns.length)
      throw new Error(`insert into ${table} did not compile to one parameter per value`);
    text = compiled.sql as string;
    statementsByShape.set(key, text);
  }
  return text;
}

/**
 * Inserts many rows at once, for seeding and bulk loads, where one statement per row would cost more
 * than the rows: PostgreSQL takes them all through one COPY, SQLite through as few multi-row inserts
 * as its parameter limit allows. Each row lists its values in the order of `columns` (strings,
 * numbers, booleans or null). Runs on the handle given (the caller owns the transaction).
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) === "postgres") {
    const copy = sql`copy ${sql.table(table)} (${sql.join(columns.map((column) => sql.id(column)))}) from stdin`;
    await db.executeQuery(CompiledQuery.raw(copy.compile(db).sql, [new CopyRows(rows)]));
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const value of row) parameters.push(value);
    await db.executeQuery(CompiledQuery.raw(insertSql(db, table, columns, chunk.length), parameters));
  }
}

/** The first id free after every row of `table` (rows inserted with explicit ids start there). */
export async function nextIdOf(db: Db, table: "articles" | "comments"): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max("id").as("last"))
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/**
 * After rows were inserted with explicit ids: PostgreSQL's identity sequence does not see them, so it
 * is moved past them here (SQLite's AUTOINCREMENT already follows the largest id inserted).
 */
export async function continueIdsAfterExplicitOnes(db: Db, table: keyof Database & string): Promise<void> {
  if (dialectOf(db) !== "postgres") return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(
    db,
  );
}
