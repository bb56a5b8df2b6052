import { type Expression, type SelectQueryBuilder, sql } from "kysely";
import type { Db } from "./storage.js";

const DAY_MS = 86_400_000;

/** A number for each day (UTC) that has any activity; days left out count as 0. */
export type DailyPoints = Array<{ day: number; value: number }>;

/**
 * A number per day that the staff dashboard draws under "Reader activity (daily)". A feature exports
 * one (its `load` usually one `countPerDay` call on its own table) and `app.ts` lists it in the
 * dashboard's series, so the dashboard never imports a feature.
 */
export interface DailySeries {
  /** Unique and stable, lowercase with hyphens: it names the chart's element ids. */
  id: string;
  label: string;
  /** What is counted, plural ("votes"); "" when the label says it all. */
  unit?: string;
  load(db: Db, range: { from: number; to: number }): Promise<DailyPoints>;
}

/**
 * Rows (or a summed value) per day (UTC) in `range.from <= column < range.to`, on both dialects: the
 * day index `(column - from) / 86400000` has its numbers inlined as literals, not bound parameters,
 * so both dialects divide integers. Usage:
 * `countPerDay(db.selectFrom("votes").where("status", "=", "counted"), "created_at", range)`.
 */
export async function countPerDay<DB, TB extends keyof DB>(
  query: SelectQueryBuilder<DB, TB, object>,
  column: string,
  range: { from: number; to: number },
  value: Expression<number | string | null> = sql<number | string>`count(*)`,
): Promise<DailyPoints> {
  const at = sql.ref(column);
  const day = sql<number>`(${at} - ${sql.lit(range.from)}) / ${sql.lit(DAY_MS)}`;
  // Generic over the table, Kysely cannot name the selected columns' types; they are these.
  const rows = (await query
    .select([day.as("day"), sql<number | string | null>`${value}`.as("value")])
    .where(sql<boolean>`${at} >= ${range.from}`)
    .where(sql<boolean>`${at} < ${range.to}`)
    .groupBy(day)
    .execute()) as Array<{ day: number | string; value: number | string | null }>;
  return rows.map((row) => ({ day: range.from + Number(row.day) * DAY_MS, value: Number(row.value ?? 0) }));
}
