/** A value in a link's query string; empty ones (undefined, null, "", false) are left out. */
export type QueryValue = string | number | boolean | null | undefined;

/**
 * A path with the non-empty parameters as its query string, in the order given, and no "?" when there
 * are none. Usage: `withQuery("/admin/media/", { q: filter, page: page > 1 ? page : undefined })`.
 */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "" && value !== false)
      query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
