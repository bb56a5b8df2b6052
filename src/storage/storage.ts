import type SQLite from "better-sqlite3";
import { Kysely } from "kysely";
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
  /** The shared content version (see content-version.ts), read on every public page view. */
  readContentVersion(): Promise<number>;
  close(): Promise<void>;
}

export function openStorage(target: DatabaseTarget, options: { searchPath?: string } = {}): Storage {
  if (target.dialect === "sqlite") {
    const { dialect, raw } = openSqlite(target.path);
    const db = new Kysely<Database>({ dialect });
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
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: "postgres",
    readContentVersion: () => readContentVersion(db),
    close: () => db.destroy(),
  };
}
