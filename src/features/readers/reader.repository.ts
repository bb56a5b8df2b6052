import type { Selectable } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { Reader } from "./reader.js";
import type { ReaderTables } from "./reader.table.js";

const toReader = (row: Selectable<ReaderTables["readers"]>): Reader => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  createdAt: row.created_at,
});

export async function findReaderByEmail(db: Db, email: string): Promise<Reader | undefined> {
  const row = await db.selectFrom("readers").selectAll().where("email", "=", email).executeTakeFirst();
  return row && toReader(row);
}

/** The reader with this address, created on first sign-in; concurrent first sign-ins make one account. */
export async function findOrCreateReader(db: Db, email: string, displayName: string, now: number) {
  await db
    .insertInto("readers")
    .values({ email, display_name: displayName, created_at: now })
    .onConflict((conflict) => conflict.column("email").doNothing())
    .execute();
  const reader = await findReaderByEmail(db, email);
  if (!reader) throw new Error("reader vanished after insert");
  return reader;
}

export async function renameReader(db: Db, id: number, displayName: string): Promise<void> {
  await db.updateTable("readers").set({ display_name: displayName }).where("id", "=", id).execute();
}

export async function findSessionReader(db: Db, tokenHash: string, now: number): Promise<Reader | undefined> {
  const row = await db
    .selectFrom("reader_sessions")
    .innerJoin("readers", "readers.id", "reader_sessions.reader_id")
    .selectAll("readers")
    .where("reader_sessions.token_hash", "=", tokenHash)
    .where("reader_sessions.expires_at", ">", now)
    .executeTakeFirst();
  return row && toReader(row);
}
