import { sql } from "kysely";
import type { Db } from "./storage.js";

export interface ContentVersionTables {
  content_version: { id: number; version: number };
}

let changesHere = 0;

/** How many content changes this process has made: readers that share reads within a turn drop them when it moves. */
export const contentChangesHere = () => changesHere;

/**
 * One number that every write to public content increments in its own transaction. Cached pages
 * remember the number they were rendered at, so any instance sharing the database notices a change
 * on its next request.
 */
export async function markContentChanged(db: Db): Promise<void> {
  changesHere++;
  await db.updateTable("content_version").set({ version: sql`version + 1` }).where("id", "=", 1).execute();
}

export const contentVersionQuery = (db: Db) =>
  db.selectFrom("content_version").select("version").where("id", "=", 1);

export async function readContentVersion(db: Db): Promise<number> {
  return (await contentVersionQuery(db).executeTakeFirst())?.version ?? 0;
}
