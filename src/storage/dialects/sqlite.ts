import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { SqliteDialect } from "kysely";

export interface SqliteConnection {
  dialect: SqliteDialect;
  raw: SQLite.Database;
}

/** One connection in WAL mode: readers never block the writer, and a commit is durable once acknowledged. */
export function openSqlite(path: string): SqliteConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const raw = new SQLite(path);
  raw.pragma("journal_mode = WAL");
  // FULL (not NORMAL) so an acknowledged write survives power loss too, not only a process crash.
  raw.pragma("synchronous = FULL");
  raw.pragma("foreign_keys = ON");
  raw.pragma("busy_timeout = 5000");
  return { dialect: new SqliteDialect({ database: raw }), raw };
}
