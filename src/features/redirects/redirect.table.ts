import type { Generated, Selectable } from "kysely";

export interface RedirectsTable {
  id: Generated<number>;
  /** Path and query as `normaliseFromPath` makes them, e.g. "/2019/05/03/harbour-fire/" or "/?p=12". */
  from_path: string;
  /** A path on this site ("/harbour-fire/") or an absolute http(s) URL. */
  to_url: string;
  created_at: number;
}

export interface RedirectTables {
  redirects: RedirectsTable;
}

export type RedirectRow = Selectable<RedirectsTable>;
