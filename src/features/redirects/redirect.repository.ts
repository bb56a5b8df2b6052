import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import type { Redirect } from "./redirect.js";
import type { RedirectRow } from "./redirect.table.js";

const toRedirect = (row: RedirectRow): Redirect => ({
  id: row.id,
  fromPath: row.from_path,
  toUrl: row.to_url,
  createdAt: row.created_at,
});

export async function findRedirectTo(db: Db, fromPath: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("redirects")
    .select("to_url")
    .where("from_path", "=", fromPath)
    .executeTakeFirst();
  return row?.to_url;
}

/** Adds the redirect or points an existing one somewhere new; true when anything changed. */
export async function upsertRedirect(
  db: Db,
  redirect: { fromPath: string; toUrl: string },
  now: number,
): Promise<boolean> {
  const current = await findRedirectTo(db, redirect.fromPath);
  if (current === redirect.toUrl) return false;
  await db
    .insertInto("redirects")
    .values({ from_path: redirect.fromPath, to_url: redirect.toUrl, created_at: now })
    .onConflict((conflict) => conflict.column("from_path").doUpdateSet({ to_url: redirect.toUrl }))
    .execute();
  return true;
}

/** Where each of these old addresses points now (those without a redirect are left out). */
export async function findRedirectTargets(
  db: Db,
  fromPaths: readonly string[],
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for (const paths of slicesOf([...new Set(fromPaths)], 500)) {
    const rows = await db
      .selectFrom("redirects")
      .select(["from_path", "to_url"])
      .where("from_path", "in", paths)
      .execute();
    for (const row of rows) targets.set(row.from_path, row.to_url);
  }
  return targets;
}

/** Adds or re-points many redirects (each old address at most once) in multi-row statements. */
export async function upsertRedirects(
  db: Db,
  redirects: readonly { fromPath: string; toUrl: string }[],
  now: number,
): Promise<void> {
  for (const slice of slicesOf(redirects, 500)) {
    await db
      .insertInto("redirects")
      .values(
        slice.map((redirect) => ({ from_path: redirect.fromPath, to_url: redirect.toUrl, created_at: now })),
      )
      .onConflict((conflict) =>
        conflict.column("from_path").doUpdateSet((eb) => ({ to_url: eb.ref("excluded.to_url") })),
      )
      .execute();
  }
}

export async function deleteRedirectRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("redirects").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ordered by old address; `limit + 1` rows so the caller knows whether another page follows. */
export async function listRedirectRows(
  db: Db,
  query: { fromContains: string; limit: number; offset: number },
): Promise<Redirect[]> {
  let select = db.selectFrom("redirects").selectAll();
  if (query.fromContains) {
    const escaped = query.fromContains.replace(/[\\%_]/g, "\\$&");
    // An explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the backslash.
    select = select.where(sql<boolean>`from_path like ${`%${escaped}%`} escape '\\'`);
  }
  const rows = await select
    .orderBy("from_path")
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
  return rows.map(toRedirect);
}

export async function countRedirects(db: Db): Promise<number> {
  const row = await db
    .selectFrom("redirects")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
