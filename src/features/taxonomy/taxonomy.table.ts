import type { Generated, Selectable } from "kysely";

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  /** The parent category (imported hierarchies); null at the top. */
  parent_id: Generated<number | null>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface TaxonomyTables {
  categories: CategoriesTable;
  tags: TagsTable;
  category_slug_redirects: { old_slug: string; target_id: number };
  tag_slug_redirects: { old_slug: string; target_id: number };
}

export type CategoryRow = Selectable<CategoriesTable>;
export type TagRow = Selectable<TagsTable>;
