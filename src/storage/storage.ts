import { createHash } from "node:crypto";
import type SQLite from "better-sqlite3";
import { Kysely, type KyselyConfig } from "kysely";
import type { DatabaseTarget } from "../config.js";
import { sharedReads } from "../core/turn-cache.js";
import { contentChangesHere, contentVersionQuery } from "./content-version.js";
import type { Database } from "./database.js";
import { openPostgres } from "./dialects/postgres.js";
import { openSqlite, sqliteStatementTransactions } from "./dialects/sqlite.js";
import { bind, kyselyStatements, type PreparedQuery, prepare, type Statements } from "./statements.js";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;

/** The database handle plus the few facts feature code may ask about instead of asking which dialect it is. */
export interface Storage {
  readonly db: Db;
  readonly dialect: Dialect;
  /** PostgreSQL: the schema our tables live in; SQLite: none. */
  readonly schema?: string;
  /** SQLite: the database file, which another thread may open too (none for an in-memory database). */
  readonly file?: string;
  /**
   * The shared content version (see content-version.ts), read for every public page view; one read
   * serves all the requests of one event-loop turn, and while a read is under way the requests arriving
   * meanwhile share the next one (see core/turn-cache.ts).
   */
  readContentVersion(): Promise<number>;
  /**
   * A one-row read for the hottest paths, compiled once by Kysely (see statements.ts: values go in
   * named slots) and run without it: a prepared statement on SQLite, a named prepared statement on
   * PostgreSQL (parsed once per pooled connection). Per-request Kysely compiling and queueing cost more than such a read itself.
   */
  prepareRowReader<Row>(query: PreparedQuery<Row>): RowReader<Row>;
  /**
   * One transaction running precompiled queries (see statements.ts) without Kysely's per-query
   * builder, compiler and statement preparation: for write paths that must be both durable and fast.
   */
  transactionWithStatements<T>(work: (statements: Statements) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL: the connection pool's counts, for /metrics; SQLite has one connection and no pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Runs the prepared query with the values of its slots, by name. */
export type RowReader<Row> = (values?: Record<string, unknown>) => Promise<Row | undefined>;

const NO_VALUES = {};

export type QueryObserver = (sql: string, parameters: readonly unknown[]) => void;

export interface StorageOptions {
  /** PostgreSQL schema to work in (tests use a fresh one each). */
  searchPath?: string;
  /** SQLite: how long a write waits for the lock (see BUSY_TIMEOUT_MS); the event loop's bound by default. */
  busyTimeoutMs?: number;
  /** SQLite: the bound on this connection's page cache, in KiB (PAGE_CACHE_KIB.site unless set). */
  pageCacheKiB?: number;
  /**
   * Sees every query this storage runs, through Kysely or prepared (row readers and statement
   * transactions alike); tests use it to check query plans.
   */
  onQuery?: QueryObserver;
}

function kyselyFor(dialect: KyselyConfig["dialect"], options: StorageOptions): Db {
  const { onQuery } = options;
  const log: KyselyConfig["log"] = onQuery
    ? (event) => {
        if (event.level === "query") onQuery(event.query.sql, event.query.parameters);
      }
    : undefined;
  return new Kysely<Database>({ dialect, log });
}

export function openStorage(target: DatabaseTarget, options: StorageOptions = {}): Storage {
  if (target.dialect === "sqlite") {
    const { dialect, raw } = openSqlite(target.path, options.busyTimeoutMs, options.pageCacheKiB);
    const db = kyselyFor(dialect, options);
    const prepareRowReader = <Row>(query: PreparedQuery<Row>): RowReader<Row> => {
      let statement: SQLite.Statement<unknown[], Row> | undefined;
      return async (values = NO_VALUES) => {
        // Prepared on first use: the table may not exist before migrations run.
        statement ??= raw.prepare<unknown[], Row>(query.sql);
        const parameters = bind(query, values);
        options.onQuery?.(query.sql, parameters);
        return statement.get(...parameters);
      };
    };
    return withContentVersion({
      db,
      dialect: "sqlite",
      ...(target.path === ":memory:" ? {} : { file: target.path }),
      prepareRowReader,
      transactionWithStatements: sqliteStatementTransactions(db, raw, options.onQuery),
      close: () => db.destroy(),
    });
  }
  const { dialect, pool, poolStats } = openPostgres(target.url, options);
  const db = kyselyFor(dialect, options);
  const prepareRowReader = <Row>(query: PreparedQuery<Row>): RowReader<Row> => {
    // Named: each pooled connection parses and plans it once, then only binds and executes it.
    const name = `masthead_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`;
    return async (values = NO_VALUES) => {
      const parameters = bind(query, values);
      options.onQuery?.(query.sql, parameters);
      const result = await (await pool()).query({ name, text: query.sql, values: parameters });
      return result.rows[0] as Row | undefined;
    };
  };
  return withContentVersion({
    db,
    dialect: "postgres",
    schema: options.searchPath ?? "public",
    prepareRowReader,
    transactionWithStatements: (work) => db.transaction().execute((trx) => work(kyselyStatements(trx))),
    close: () => db.destroy(),
    poolStats,
  });
}

function withContentVersion(storage: Omit<Storage, "readContentVersion">): Storage {
  const read = storage.prepareRowReader(prepare(contentVersionQuery(storage.db)));
  const shared = sharedReads(async () => (await read())?.version ?? 0, contentChangesHere);
  return { ...storage, readContentVersion: () => shared("") };
}
