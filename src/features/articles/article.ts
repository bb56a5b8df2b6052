import type { Author } from "../authors/author.js";
import type { Category, Tag } from "../taxonomy/taxonomy.js";
import type { ArticleKind, ArticleStatus, AttributionKind } from "./article.table.js";
import type { ArticleDoc } from "./document/doc.schema.js";

export type { ArticleKind, ArticleStatus, AttributionKind };

export interface Attribution {
  kind: AttributionKind;
  outlet: string;
  url: string | null;
}

export interface FeaturedImage {
  url: string;
  alt: string;
  caption: string;
  credit: string;
  width: number | null;
  height: number | null;
}

export interface Article {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
  status: ArticleStatus;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
  revision: number;
  primaryCategoryId: number | null;
  image: FeaturedImage | null;
  /** Staff closed this article to new comments. */
  commentsClosed: boolean;
  kind: ArticleKind;
}

/** What a list page shows of an article. */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: number;
  image: FeaturedImage | null;
  primaryCategory: Category | null;
  authors: Author[];
}

/** Everything the article page shows of the article itself (votes, comments, donations come from their features). */
export interface ArticleDetail {
  article: Article & { publishedAt: number };
  categories: Category[];
  tags: Tag[];
  authors: Author[];
  attributions: Attribution[];
  previous: ArticleSummary | null;
  next: ArticleSummary | null;
  related: ArticleSummary[];
}

export interface ArticleInput {
  title: string;
  slug?: string;
  standfirst: string;
  /** The editor's document; the public HTML is rendered from it on the server when saving. */
  body: ArticleDoc;
  status: ArticleStatus;
  publishedAt: number | null;
  /** The first is the primary category. */
  categoryIds: number[];
  tagNames: string[];
  authorIds: number[];
  image: FeaturedImage | null;
  attributions: Attribution[];
  /** Left out: unchanged (closed or not as before; open for a new article). */
  commentsClosed?: boolean;
  /** Left out: unchanged ("article" for a new one). */
  kind?: ArticleKind;
}

/**
 * First path segments that belong to the site itself, so no article may take them as its slug.
 * (Feed and sitemap names contain a dot, which a slug never does.)
 */
export const RESERVED_SLUGS = new Set([
  "account",
  "admin",
  "api",
  "assets",
  "author",
  "category",
  "comments",
  "donate",
  "healthz",
  "hot",
  "media",
  "search",
  "supporters",
  "tag",
  "top",
  "webhooks",
]);

/** Statuses the public may see once `published_at` has come: a scheduled article needs no job to appear. */
export const PUBLIC_STATUSES = ["published", "scheduled"] as const satisfies readonly ArticleStatus[];
type NotPublic = Exclude<ArticleStatus, (typeof PUBLIC_STATUSES)[number]>;
/** The one status the public never sees; a second one would make this type `never`, and the build fail. */
export const NOT_PUBLIC_STATUS: [NotPublic] extends ["draft"] ? "draft" : never = "draft";

/** Whether the public may see an article or page at `now`: the rule the repository's queries also apply. */
export const isPubliclyVisible = (
  row: { status: string; published_at: number | null },
  now: number,
): boolean =>
  (PUBLIC_STATUSES as readonly string[]).includes(row.status) &&
  row.published_at !== null &&
  row.published_at <= now;
