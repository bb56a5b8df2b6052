import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { type Kysely, SqliteDialect } from "kysely";
import type { Database } from "../database.js";
import { bind, type PreparedQuery, type Statements } from "../statements.js";

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

/**
 * Transactions of statements prepared once and run directly on the connection. They hold Kysely's
 * connection for their whole length, so no Kysely query of this process can run inside them.
 */
export function sqliteStatementTransactions(db: Kysely<Database>, raw: SQLite.Database) {
  const prepared = new Map<string, SQLite.Statement>();
  const statement = (query: PreparedQuery) => {
    let found = prepared.get(query.sql);
    if (!found) {
      found = raw.prepare(query.sql);
      prepared.set(query.sql, found);
    }
    return found;
  };
  const statements: Statements = {
    first: async <Row>(query: PreparedQuery, values: Record<string, unknown>) =>
      statement(query).get(...bind(query, values)) as Row | undefined,
    run: async (query, values) => statement(query).run(...bind(query, values)).changes,
  };
  return <T>(work: (statements: Statements) => Promise<T>): Promise<T> =>
    db.connection().execute(async () => {
      raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(statements);
        raw.exec("COMMIT");
        return result;
      } catch (error) {
        if (raw.inTransaction) raw.exec("ROLLBACK");
        throw error;
      }
    });
}
