/** One page of a list fetched with `limit + 1` rows: the extra row only says whether a next page exists. */
export interface Page<T> {
  items: T[];
  hasNext: boolean;
}

/** Cuts the `perPage + 1` rows a query fetched down to a page. Usage: `pageOf(await q.limit(perPage + 1).execute(), perPage)`. */
export const pageOf = <T>(rows: T[], perPage: number): Page<T> => ({
  items: rows.slice(0, perPage),
  hasNext: rows.length > perPage,
});

/**
 * Every row of a list, read in batches after the last row seen (keyset paging), so an export of any
 * size holds one batch in memory. `fetch(after, limit)` returns the next rows after `after` (none: the start).
 */
export async function* inBatches<T>(
  fetch: (after: T | undefined, limit: number) => Promise<readonly T[]>,
  batchSize = 1000,
): AsyncGenerator<T> {
  let after: T | undefined;
  for (;;) {
    const batch = await fetch(after, batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1];
  }
}

/**
 * The list in consecutive slices of at most `size`: multi-row statements stay under the databases'
 * limits on bound parameters (SQLite 32,766, PostgreSQL 65,535) whatever the list's length.
 */
export function slicesOf<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

/**
 * Consecutive ranges of `step` ids, [from, to] inclusive, covering 1 to `last`: a check over a whole
 * table goes a range at a time, holding one range's rows whatever the table's size.
 */
export function* idRanges(last: number, step: number): Generator<[from: number, to: number]> {
  for (let from = 1; from <= last; from += step) yield [from, from + step - 1];
}
