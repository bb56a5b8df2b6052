import type { Generated, Insertable, Selectable } from "kysely";

export type ArticleStatus = "draft" | "scheduled" | "published";
export type AttributionKind = "via" | "quoted" | "source";
/** A page (About, Contact) shares the slug namespace, editor and revisions, but stays out of lists. */
export type ArticleKind = "article" | "page";
/** A draft a contributor submitted (`pending`), or one an editor sent back (`returned`). */
export type ReviewState = "pending" | "returned";
/** A staff-only note; `returned` is the note an editor sent a draft back with. */
export type NoteKind = "note" | "returned";

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: string;
  /** The editor's JSON document (document/doc.schema.ts); `body_html` is rendered from it at save time. */
  body_doc: Generated<string>;
  body_html: string;
  status: ArticleStatus;
  published_at: number | null;
  created_at: number;
  updated_at: number;
  revision: Generated<number>;
  primary_category_id: number | null;
  image_url: string | null;
  image_alt: string | null;
  image_caption: string | null;
  image_credit: string | null;
  image_width: number | null;
  image_height: number | null;
  /** 1 when staff closed this article to new comments. */
  comments_closed: Generated<number>;
  kind: Generated<ArticleKind>;
}

interface ArticleLinkColumns {
  article_id: number;
  position: number;
}

export interface ArticleAttributionsTable {
  id: Generated<number>;
  article_id: number;
  position: number;
  kind: AttributionKind;
  outlet: string;
  url: string | null;
}

export interface ArticleTables {
  articles: ArticlesTable;
  article_categories: ArticleLinkColumns & { category_id: number };
  article_tags: ArticleLinkColumns & { tag_id: number };
  article_authors: ArticleLinkColumns & { author_id: number };
  article_attributions: ArticleAttributionsTable;
  article_slug_redirects: { old_slug: string; article_id: number };
  article_autosaves: {
    article_id: number;
    user_id: number;
    /** The article revision the writer was editing; a newer saved revision makes this copy stale. */
    based_on_revision: number;
    /** JSON of the ArticleInput as the form held it. */
    input: string;
    saved_at: number;
  };
  article_presence: { article_id: number; user_id: number; seen_at: number };
  article_reviews: {
    article_id: number;
    state: ReviewState;
    requested_by: number | null;
    requested_at: number;
  };
  /** Stories staff pinned to the top of the front page, newest pin first (decision 0044). */
  article_pins: { article_id: number; pinned_at: number };
  article_notes: {
    id: Generated<number>;
    article_id: number;
    user_id: number | null;
    author_name: string;
    kind: NoteKind;
    body: string;
    created_at: number;
  };
  article_revisions: {
    id: Generated<number>;
    article_id: number;
    revision: number;
    user_id: number | null;
    created_at: number;
    /** JSON of the ArticleInput saved at that revision, plus its slug. */
    snapshot: string;
  };
}

export type ArticleRow = Selectable<ArticlesTable>;

/**
 * What a list card shows of an article, and what says whether the public may see it: no body. A
 * card read whole carried the body's HTML and editor document (a third of the read's cost at the demo's
 * short bodies, and overflow pages for real-length ones) to show a title and a standfirst.
 */
export const CARD_COLUMNS = [
  "id",
  "slug",
  "title",
  "standfirst",
  "status",
  "published_at",
  "kind",
  "primary_category_id",
  "image_url",
  "image_alt",
  "image_caption",
  "image_credit",
  "image_width",
  "image_height",
] as const satisfies readonly (keyof ArticleRow)[];
export type CardRow = Pick<ArticleRow, (typeof CARD_COLUMNS)[number]>;

/** An article as readers see it: everything but the editor's document, which is as long as the body again. */
export const READER_COLUMNS = [
  ...CARD_COLUMNS,
  "body_html",
  "created_at",
  "updated_at",
  "revision",
  "comments_closed",
] as const satisfies readonly (keyof ArticleRow)[];
export type ReaderRow = Pick<ArticleRow, (typeof READER_COLUMNS)[number]>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type AttributionRow = Selectable<ArticleAttributionsTable>;
