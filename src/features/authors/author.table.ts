import type { Generated, Selectable } from "kysely";

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: Generated<string>;
  avatar_url: string | null;
  created_at: number;
}

export interface AuthorTables {
  authors: AuthorsTable;
}

export type AuthorRow = Selectable<AuthorsTable>;
