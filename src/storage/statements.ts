import { type Compilable, CompiledQuery as Compiled, type CompiledQuery, type Kysely, sql } from "kysely";

/**
 * A query compiled once, whose parameters are named: build it with `slot("name")` wherever a value
 * goes, and bind the values by name at run time. Kysely compiles values into positional parameters in
 * an order only it knows; naming them keeps that order out of the calling code. This is how the hot
 * paths run SQL without building it per call: row readers (`Storage.prepareRowReader`) and write
 * transactions (`Statements`) take it, and `reusableQuery` keeps one per database handle.
 */
export interface PreparedQuery<Row = unknown> {
  sql: string;
  slots: readonly Slot[];
  /** Never set: carries the row type from the Kysely query to whoever runs it. */
  readonly row?: Row;
}

/** Where each parameter's value comes from: fixed when compiled, a named value, or an item of a list. */
type Slot = { value: unknown } | { name: string } | { item: number };

const SLOT = "\u0000slot:";
const ITEM = "\u0000item:";
export const slot = (name: string) => `${SLOT}${name}`;
/** A slot where Kysely's types want a number. */
export const numberSlot = (name: string) => slot(name) as unknown as number;
/** `count` slots for the items of a list, in its order: pass them where Kysely takes a list (`in`). */
const itemSlots = (count: number) =>
  Array.from({ length: count }, (_, index) => `${ITEM}${index}`) as unknown as readonly never[];

function slotOf(parameter: unknown): Slot {
  if (typeof parameter !== "string") return { value: parameter };
  if (parameter.startsWith(SLOT)) return { name: parameter.slice(SLOT.length) };
  if (parameter.startsWith(ITEM)) return { item: Number(parameter.slice(ITEM.length)) };
  return { value: parameter };
}

export function prepare<Row>(query: Compilable<Row>): PreparedQuery<Row> {
  const compiled = query.compile();
  return { sql: compiled.sql, slots: compiled.parameters.map(slotOf) };
}

/**
 * A row count written into the SQL instead of bound, for a query whose limit never changes: SQLite
 * runs a read with `limit 1` two to four times as fast as the same read with `limit ?` (decision 0061).
 */
export function fixedLimit(count: number) {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`not a row count: ${count}`);
  return sql.lit(count);
}

const NO_ITEMS: readonly unknown[] = [];

export function bind(
  query: PreparedQuery,
  values: Record<string, unknown>,
  items: readonly unknown[] = NO_ITEMS,
): unknown[] {
  return query.slots.map((slot) => {
    if ("value" in slot) return slot.value;
    if ("item" in slot) return items[slot.item];
    if (!(slot.name in values)) throw new Error(`no value for ${slot.name} in ${query.sql}`);
    return values[slot.name];
  });
}

const raw = (
  query: PreparedQuery,
  values: Record<string, unknown>,
  items?: readonly unknown[],
): CompiledQuery => Compiled.raw(query.sql, bind(query, values, items));

/**
 * A query that Kysely builds and compiles once per database handle, then runs with new values through
 * that handle (its connection or transaction, its query log). Building and compiling a query costs
 * Kysely 2–26 µs, more than many of the reads themselves, and made up a tenth of an uncached article
 * page; the builders' many shapes also kept V8 re-optimising them for a thousand renders (decision 0058).
 */
export function reusableQuery<DB, Row>(
  build: (db: Kysely<DB>) => Compilable<Row>,
): (db: Kysely<DB>, values?: Record<string, unknown>) => Promise<Row[]> {
  const compiled = perHandle((db: Kysely<DB>) => prepare(build(db)));
  return (db, values = {}) => runPrepared(db, compiled(db), values);
}

/** Lists longer than this are compiled each time (a page of comment threads is 100 long). */
const REUSED_LIST_LENGTHS = 128;

/**
 * `reusableQuery` for a query over a list of values (`where id in (...)`): `build` gets one slot per
 * item, and a query is kept per length of list.
 */
export function reusableListQuery<DB, Row>(
  // The slots are typed `never` so that they fit wherever Kysely takes a list, of numbers or of strings.
  build: (db: Kysely<DB>, items: readonly never[]) => Compilable<Row>,
): (db: Kysely<DB>, items: readonly unknown[], values?: Record<string, unknown>) => Promise<Row[]> {
  const byLength = perHandle((_db: Kysely<DB>) => new Map<number, PreparedQuery<Row>>());
  const compile = (db: Kysely<DB>, count: number) => prepare(build(db, itemSlots(count)));
  return (db, items, values = {}) => {
    const count = items.length;
    if (count > REUSED_LIST_LENGTHS) return runPrepared(db, compile(db, count), values, items);
    const kept = byLength(db);
    let query = kept.get(count);
    if (!query) {
      query = compile(db, count);
      kept.set(count, query);
    }
    return runPrepared(db, query, values, items);
  };
}

/** One value per database handle, made on first use; a handle that goes (a transaction, a test's database) takes it along. */
function perHandle<DB, T>(make: (db: Kysely<DB>) => T): (db: Kysely<DB>) => T {
  const kept = new WeakMap<Kysely<DB>, T>();
  return (db) => {
    if (!kept.has(db)) kept.set(db, make(db));
    return kept.get(db) as T;
  };
}

async function runPrepared<DB, Row>(
  db: Kysely<DB>,
  query: PreparedQuery<Row>,
  values: Record<string, unknown>,
  items?: readonly unknown[],
): Promise<Row[]> {
  return (await db.executeQuery<Row>(raw(query, values, items))).rows;
}

export interface Statements {
  /** The first row the query returns, if any. */
  first<Row>(query: PreparedQuery, values: Record<string, unknown>): Promise<Row | undefined>;
  /** Runs a write; returns how many rows it changed. */
  run(query: PreparedQuery, values: Record<string, unknown>): Promise<number>;
}

/** Statements through Kysely (any dialect, inside the given transaction or not). */
// biome-ignore lint/suspicious/noExplicitAny: runs raw SQL, so the schema type does not matter here.
export function kyselyStatements(db: Kysely<any>): Statements {
  return {
    first: async <Row>(query: PreparedQuery, values: Record<string, unknown>) =>
      (await db.executeQuery<Row>(raw(query, values))).rows[0],
    run: async (query, values) => Number((await db.executeQuery(raw(query, values))).numAffectedRows ?? 0),
  };
}
