import type { Db } from "./storage.js";

/** Tables of one-time e-mail links: each row has token_hash, expires_at and used_at. */
export type LinkTable = "reader_sign_in_links" | "newsletter_optins";

/**
 * Uses a one-time link: true for the one request that marked it used, false when it is unknown,
 * expired or already used. The conditional update is the single-use guarantee: two racing requests
 * cannot both pass.
 */
export async function useLinkOnce(
  db: Db,
  table: LinkTable,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  // The tables share these columns; Kysely cannot type a column across a union of tables.
  const used = await db
    .updateTable(table as "newsletter_optins")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return used.numUpdatedRows === 1n;
}

/** Whether a link can still be used (for the page that asks to confirm; using it is what counts). */
export async function isLinkUsable(
  db: Db,
  table: LinkTable,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom(table as "newsletter_optins")
    .select("token_hash")
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}
