import { isSlug } from "../../core/slug.js";
import type { Db } from "../../storage/storage.js";
import { findAuthorBySlug } from "../authors/author.repository.js";
import { findCategoryBySlug, findTagBySlug } from "../taxonomy/taxonomy.repository.js";
import type { SearchFilter } from "./search.repository.js";

export type FilterKind = "category" | "tag" | "author";
/** The filters as ids, or the first slug that names nothing (the page says so in the site's language). */
export type Resolved = { filter: SearchFilter } | { unknown: UnknownFilter };
interface UnknownFilter {
  kind: FilterKind;
  slug: string;
}

/** The JSON API's words for an unknown filter (the API speaks English, like the staff area). */
export const unknownFilterMessage = ({ kind, slug }: UnknownFilter) =>
  `There is no ${kind} “${slug}” to search in.`;

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
    if (!found) return { unknown: { kind, slug } };
    set(found.id);
  }
  return { filter };
}
