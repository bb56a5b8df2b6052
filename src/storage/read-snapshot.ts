import { sql } from "kysely";
import { type Db, openStorage, type Storage } from "./storage.js";

/**
 * Runs `work` against one consistent view of the whole database while the site goes on writing, so a
 * long read (an export) never sees a comment whose article it has not seen. PostgreSQL: a
 * repeatable-read transaction. SQLite: a plain (deferred) read transaction on a connection of its own —
 * the site's connection begins transactions IMMEDIATE, which would hold every writer back — and WAL
 * lets writers go on while it reads.
 */
export async function withReadSnapshot<T>(storage: Storage, work: (db: Db) => Promise<T>): Promise<T> {
  if (storage.dialect === "postgres")
    return storage.db.transaction().setIsolationLevel("repeatable read").execute(work);
  // An in-memory database has no other connection to write to it meanwhile.
  if (!storage.file) return work(storage.db);
  const reader = openStorage({ dialect: "sqlite", path: storage.file });
  try {
    await sql`begin`.execute(reader.db);
    try {
      return await work(reader.db);
    } finally {
      await sql`rollback`.execute(reader.db);
    }
  } finally {
    await reader.close();
  }
}
