import type { Generated, Selectable } from "kysely";

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface TaxonomyTables {
  categories: CategoriesTable;
  tags: TagsTable;
}

export type CategoryRow = Selectable<CategoriesTable>;
export type TagRow = Selectable<TagsTable>;
