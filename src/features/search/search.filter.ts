import { isSlug } from "../../core/slug.js";
import type { Db } from "../../storage/storage.js";
import { findAuthorBySlug } from "../authors/author.repository.js";
import { findCategoryBySlug, findTagBySlug } from "../taxonomy/taxonomy.repository.js";
import type { SearchFilter } from "./search.repository.js";

export type Resolved = { filter: SearchFilter } | { unknown: string };

/** Section slugs to ids; a slug that names nothing is reported rather than silently ignored. */
export async function resolveSearchFilter(
  db: Db,
  slugs: { category?: string; tag?: string; author?: string },
): Promise<Resolved> {
  const filter: SearchFilter = {};
  const lookups = [
    ["category", slugs.category, findCategoryBySlug, (id: number) => (filter.categoryId = id)],
    ["tag", slugs.tag, findTagBySlug, (id: number) => (filter.tagId = id)],
    ["author", slugs.author, findAuthorBySlug, (id: number) => (filter.authorId = id)],
  ] as const;
  for (const [kind, slug, find, set] of lookups) {
    if (!slug) continue;
    const found = isSlug(slug) ? await find(db, slug) : undefined;
    if (!found) return { unknown: `There is no ${kind} “${slug}” to search in.` };
    set(found.id);
  }
  return { filter };
}
