import { Kysely } from "kysely";
import type { DatabaseTarget } from "../config.js";
import type { Database } from "./database.js";
import { openPostgres } from "./dialects/postgres.js";
import { openSqlite } from "./dialects/sqlite.js";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;

/** The database handle plus the few facts feature code may ask about instead of asking which dialect it is. */
export interface Storage {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export function openStorage(target: DatabaseTarget, options: { searchPath?: string } = {}): Storage {
  if (target.dialect === "sqlite") {
    const { dialect } = openSqlite(target.path);
    const db = new Kysely<Database>({ dialect });
    return { db, dialect: "sqlite", close: () => db.destroy() };
  }
  const { dialect } = openPostgres(target.url, options);
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: "postgres", close: () => db.destroy() };
}
