import { type Compilable, CompiledQuery as Compiled, type CompiledQuery, type Kysely } from "kysely";

/**
 * A query compiled once, whose parameters are named: build it with `slot("name")` wherever a value
 * goes, and bind the values by name at run time. Kysely compiles values into positional parameters in
 * an order only it knows; naming them keeps that order out of the calling code. This is the one way
 * the hot paths run SQL without Kysely per call: row readers (`Storage.prepareRowReader`) and write
 * transactions (`Statements`) both take it.
 */
export interface PreparedQuery<Row = unknown> {
  sql: string;
  slots: readonly unknown[];
  /** Never set: carries the row type from the Kysely query to whoever runs it. */
  readonly row?: Row;
}

const SLOT = "\u0000slot:";
export const slot = (name: string) => `${SLOT}${name}`;
/** A slot where Kysely's types want a number. */
export const numberSlot = (name: string) => slot(name) as unknown as number;

export function prepare<Row>(query: Compilable<Row>): PreparedQuery<Row> {
  const compiled = query.compile();
  return { sql: compiled.sql, slots: compiled.parameters };
}

export function bind(query: PreparedQuery, values: Record<string, unknown>): unknown[] {
  if (query.slots.length === 0) return [];
  return query.slots.map((parameter) => {
    if (typeof parameter !== "string" || !parameter.startsWith(SLOT)) return parameter;
    const name = parameter.slice(SLOT.length);
    if (!(name in values)) throw new Error(`no value for ${name} in ${query.sql}`);
    return values[name];
  });
}

export interface Statements {
  /** The first row the query returns, if any. */
  first<Row>(query: PreparedQuery, values: Record<string, unknown>): Promise<Row | undefined>;
  /** Runs a write; returns how many rows it changed. */
  run(query: PreparedQuery, values: Record<string, unknown>): Promise<number>;
}

const raw = (query: PreparedQuery, values: Record<string, unknown>): CompiledQuery =>
  Compiled.raw(query.sql, bind(query, values));

/** Statements through Kysely (any dialect, inside the given transaction or not). */
// biome-ignore lint/suspicious/noExplicitAny: runs raw SQL, so the schema type does not matter here.
export function kyselyStatements(db: Kysely<any>): Statements {
  return {
    first: async <Row>(query: PreparedQuery, values: Record<string, unknown>) =>
      (await db.executeQuery<Row>(raw(query, values))).rows[0],
    run: async (query, values) => Number((await db.executeQuery(raw(query, values))).numAffectedRows ?? 0),
  };
}
