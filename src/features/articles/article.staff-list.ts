import { sql } from "kysely";
import { pageOf } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import { findAuthorsByIds } from "../authors/author.repository.js";
import type { ArticleStatus } from "./article.js";
import { loadLinkedIds } from "./article.repository.js";
import { type ReviewState, reviewStatesOf } from "./article.review.js";

/** `pending`: drafts waiting for an editor's review. */
export type StaffListStatus = ArticleStatus | "pending" | "any";
export type StaffListSort = "updated" | "published" | "title";

export interface StaffListQuery {
  status: StaffListStatus;
  authorId?: number | undefined;
  categoryId?: number | undefined;
  tagId?: number | undefined;
  titleSearch?: string | undefined;
  sort: StaffListSort;
  page: number;
  perPage: number;
  now: number;
}

export interface StaffListItem {
  id: number;
  title: string;
  slug: string;
  /** "scheduled" until its time comes, whatever the stored status says. */
  status: ArticleStatus;
  /** A draft waiting for review, or sent back by an editor. */
  review: ReviewState | null;
  publishedAt: number | null;
  updatedAt: number;
  authorNames: string[];
}

function statusAt(row: { status: ArticleStatus; published_at: number | null }, now: number): ArticleStatus {
  if (row.status === "draft") return "draft";
  return (row.published_at ?? 0) > now ? "scheduled" : "published";
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The staff article list: every status, filtered and sorted, one page at a time (limit + 1). */
export async function listArticlesForStaff(db: Db, query: StaffListQuery) {
  let select = db
    .selectFrom("articles")
    .select(["id", "title", "slug", "status", "published_at", "updated_at"]);
  if (query.status === "draft") select = select.where("status", "=", "draft");
  if (query.status === "pending")
    select = select.where("id", "in", (sub) =>
      sub.selectFrom("article_reviews").select("article_id").where("state", "=", "pending"),
    );
  if (query.status === "published")
    select = select.where("status", "<>", "draft").where("published_at", "<=", query.now);
  if (query.status === "scheduled")
    select = select.where("status", "<>", "draft").where("published_at", ">", query.now);
  const { authorId, categoryId, tagId, titleSearch } = query;
  if (authorId) {
    select = select.where("id", "in", (sub) =>
      sub.selectFrom("article_authors").select("article_id").where("author_id", "=", authorId),
    );
  }
  if (categoryId) {
    select = select.where("id", "in", (sub) =>
      sub.selectFrom("article_categories").select("article_id").where("category_id", "=", categoryId),
    );
  }
  if (tagId) {
    select = select.where("id", "in", (sub) =>
      sub.selectFrom("article_tags").select("article_id").where("tag_id", "=", tagId),
    );
  }
  if (titleSearch) {
    const pattern = `%${escapeLike(titleSearch.toLowerCase())}%`;
    select = select.where(sql<boolean>`lower(title) like ${pattern} escape '\\'`);
  }
  const ordered =
    query.sort === "title"
      ? select.orderBy("title", "asc")
      : query.sort === "published"
        ? select.orderBy("published_at", "desc")
        : select.orderBy("updated_at", "desc");
  const rows = await ordered
    .orderBy("id", "desc")
    .limit(query.perPage + 1)
    .offset((query.page - 1) * query.perPage)
    .execute();
  const { items: page, hasNext } = pageOf(rows, query.perPage);
  const authorIds = await loadLinkedIds(
    db,
    "article_authors",
    page.map((row) => row.id),
  );
  const [authors, reviews] = await Promise.all([
    findAuthorsByIds(db, [...new Set([...authorIds.values()].flat())]),
    reviewStatesOf(
      db,
      page.map((row) => row.id),
    ),
  ]);
  const items: StaffListItem[] = page.map((row) => ({
    id: row.id,
    title: row.title,
    slug: row.slug,
    status: statusAt(row, query.now),
    review: reviews.get(row.id) ?? null,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    authorNames: (authorIds.get(row.id) ?? []).flatMap((id) => authors.get(id)?.name ?? []),
  }));
  return { items, hasNext };
}
