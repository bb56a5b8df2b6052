import type SQLite from "better-sqlite3";
import { Kysely, type KyselyConfig } from "kysely";
import type { DatabaseTarget } from "../config.js";
import { readContentVersion } from "./content-version.js";
import type { Database } from "./database.js";
import { openPostgres } from "./dialects/postgres.js";
import { openSqlite } from "./dialects/sqlite.js";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;

/** The database handle plus the few facts feature code may ask about instead of asking which dialect it is. */
export interface Storage {
  readonly db: Db;
  readonly dialect: Dialect;
  /** PostgreSQL: the schema our tables live in; SQLite: none. */
  readonly schema?: string;
  /** The shared content version (see content-version.ts), read on every public page view. */
  readContentVersion(): Promise<number>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** PostgreSQL schema to work in (tests use a fresh one each). */
  searchPath?: string;
  /** Sees every query Kysely runs; tests use it to check query plans. */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
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
    const { dialect, raw } = openSqlite(target.path);
    const db = kyselyFor(dialect, options);
    // A prepared statement read synchronously: it skips Kysely's per-query compile and connection
    // queue, which cost more than the read itself on the hottest path we have.
    let statement: SQLite.Statement<[], number> | undefined;
    const readVersion = async () => {
      statement ??= raw.prepare<[], number>("select version from content_version where id = 1").pluck();
      return statement.get() ?? 0;
    };
    return { db, dialect: "sqlite", readContentVersion: readVersion, close: () => db.destroy() };
  }
  const { dialect } = openPostgres(target.url, options);
  const db = kyselyFor(dialect, options);
  return {
    db,
    dialect: "postgres",
    schema: options.searchPath ?? "public",
    readContentVersion: () => readContentVersion(db),
    close: () => db.destroy(),
  };
}
