import { AppError, notFound } from "../../core/errors.js";
import { pageOf } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import { checkedFromPath, checkedToUrl, normaliseFromPath, type Redirect } from "./redirect.js";
import {
  countRedirects,
  deleteRedirectRow,
  findRedirectTargets,
  findRedirectTo,
  listRedirectRows,
  upsertRedirect,
  upsertRedirects,
} from "./redirect.repository.js";

export interface RedirectInput {
  fromPath: string;
  toUrl: string;
}

/** Staff (or an import) add a redirect; adding one for an address already redirected re-points it. */
export async function saveRedirect(db: Db, input: RedirectInput, now: number): Promise<boolean> {
  const fromPath = checkedFromPath(input.fromPath);
  const toUrl = checkedToUrl(input.toUrl);
  return upsertRedirect(db, { fromPath, toUrl }, now);
}

/** What became of each redirect given to `saveRedirects`. */
export type RedirectOutcome = "changed" | "unchanged" | "refused";

/**
 * Many redirects at once (an import's), each as `saveRedirect` would take it, in order (a later one
 * for the same address wins), with a few multi-row statements instead of two queries each. An
 * address that may not redirect (the home page, /admin/) is "refused" rather than thrown.
 */
export async function saveRedirects(
  db: Db,
  inputs: readonly RedirectInput[],
  now: number,
): Promise<RedirectOutcome[]> {
  const checked = inputs.map((input) => {
    try {
      return { fromPath: checkedFromPath(input.fromPath), toUrl: checkedToUrl(input.toUrl) };
    } catch (error) {
      if (error instanceof AppError && error.status === 400) return undefined;
      throw error;
    }
  });
  const usable = checked.flatMap((redirect) => redirect ?? []);
  const targets = await findRedirectTargets(
    db,
    usable.map((redirect) => redirect.fromPath),
  );
  const changed = new Map<string, string>();
  const outcomes = checked.map((redirect): RedirectOutcome => {
    if (!redirect) return "refused";
    if (targets.get(redirect.fromPath) === redirect.toUrl) return "unchanged";
    targets.set(redirect.fromPath, redirect.toUrl);
    changed.set(redirect.fromPath, redirect.toUrl);
    return "changed";
  });
  await upsertRedirects(
    db,
    [...changed].map(([fromPath, toUrl]) => ({ fromPath, toUrl })),
    now,
  );
  return outcomes;
}

export async function removeRedirect(db: Db, id: number): Promise<void> {
  if (!(await deleteRedirectRow(db, id))) throw notFound("Redirect");
}

export interface RedirectPage {
  items: Redirect[];
  total: number;
  page: number;
  hasNext: boolean;
}

export async function listRedirects(
  db: Db,
  query: { fromContains: string; page: number; perPage: number },
): Promise<RedirectPage> {
  const [rows, total] = await Promise.all([
    listRedirectRows(db, {
      fromContains: query.fromContains.trim(),
      limit: query.perPage,
      offset: (query.page - 1) * query.perPage,
    }),
    countRedirects(db),
  ]);
  return { ...pageOf(rows, query.perPage), total, page: query.page };
}

/**
 * Where a request that found nothing should go instead, if anywhere. Asked only after a miss, so
 * pages that exist never pay for it. A query string that is not part of a stored address (a tracking
 * parameter) is tried without it.
 */
export async function redirectForMiss(db: Db, requestUrl: string): Promise<string | undefined> {
  const exact = normaliseFromPath(requestUrl);
  if (!exact) return undefined;
  const found = await findRedirectTo(db, exact);
  if (found !== undefined || !exact.includes("?")) return found;
  return findRedirectTo(db, exact.slice(0, exact.indexOf("?")));
}
