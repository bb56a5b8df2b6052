import { type Static, Type } from "@sinclair/typebox";

const SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
/** A section filter; `missing` is an example that answers 404 (the contract test sends it). */
const sectionSlug = (kind: string, found: string) =>
  Type.String({
    pattern: SLUG_PATTERN,
    maxLength: 120,
    description: `Only articles in this ${kind}; an unknown ${kind} answers 404.`,
    "x-examples": { found: { value: found }, missing: { value: `no-such-${kind}` } },
  });
const SectionFilters = {
  category: Type.Optional(sectionSlug("category", "water-rivers")),
  tag: Type.Optional(sectionSlug("tag", "river-vale")),
  author: Type.Optional(sectionSlug("author", "maren-holt")),
};

export const Term = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  url: Type.String({ format: "uri" }),
});

export const Image = Type.Object({
  url: Type.String({ format: "uri" }),
  alt: Type.String(),
  caption: Type.String(),
  credit: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
});

/** One article as the API shows it; every field may be left out by `fields`. */
const ArticleFields = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String({ format: "uri" }),
  title: Type.String(),
  standfirst: Type.String(),
  bodyHtml: Type.String({ description: "The article's body as sanitised HTML with absolute links." }),
  publishedAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
  image: Type.Union([Image, Type.Null()]),
  categories: Type.Array(Term),
  tags: Type.Array(Term),
  authors: Type.Array(Term),
});
export const ApiArticle = Type.Partial(ArticleFields);
export const OneArticle = Type.Partial(ArticleFields, {
  description: "The article, with the fields asked for (all of them by default).",
});
export type ApiArticle = Static<typeof ApiArticle>;

export const ARTICLE_FIELDS = [
  "id",
  "slug",
  "url",
  "title",
  "standfirst",
  "bodyHtml",
  "publishedAt",
  "updatedAt",
  "image",
  "categories",
  "tags",
  "authors",
] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];
/** Lists leave out the body unless asked for it: it is most of the bytes. */
export const LIST_FIELDS: readonly ArticleField[] = ARTICLE_FIELDS.filter((field) => field !== "bodyHtml");

const Fields = Type.String({
  pattern: `^(${ARTICLE_FIELDS.join("|")})(,(${ARTICLE_FIELDS.join("|")}))*$`,
  maxLength: 200,
  description: `Comma-separated fields to return: ${ARTICLE_FIELDS.join(", ")}.`,
});
const DateTime = Type.String({ format: "date-time", description: "ISO 8601, e.g. 2026-11-01T00:00:00Z" });

export const ArticleListQuery = Type.Object(
  {
    ...SectionFilters,
    from: Type.Optional({ ...DateTime, description: "Published at or after this time." }),
    to: Type.Optional({ ...DateTime, description: "Published before this time." }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({
        pattern: "^[0-9]{1,15}\\.[0-9]{1,12}$",
        description: "`nextCursor` of the previous page.",
      }),
    ),
    fields: Type.Optional(Fields),
  },
  { additionalProperties: false },
);
export type ArticleListQuery = Static<typeof ArticleListQuery>;

export const ArticleQuery = Type.Object({ fields: Type.Optional(Fields) }, { additionalProperties: false });

export const ArticleList = Type.Object(
  {
    data: Type.Array(ApiArticle),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page; null at the end.",
    }),
    total: Type.Integer({
      minimum: 0,
      description: "How many articles match the filters, on all pages together.",
    }),
  },
  { description: "One page of articles." },
);

export const CategoryList = Type.Object(
  { data: Type.Array(Type.Object({ ...Term.properties, description: Type.String() })) },
  { description: "Every category, by name." },
);
export const AuthorList = Type.Object(
  { data: Type.Array(Type.Object({ ...Term.properties, bio: Type.String() })) },
  { description: "Every author, by name." },
);

export const TagListQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })) },
  { additionalProperties: false },
);
export const PagedTermList = Type.Object(
  { data: Type.Array(Term), hasMore: Type.Boolean({ description: "Whether `page + 1` has more." }) },
  { description: "One page of tags." },
);

export const SearchApiQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 2000, description: "The words to find.", examples: ["river"] }),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    ...SectionFilters,
  },
  { additionalProperties: false },
);
export const SearchApiResults = Type.Object(
  {
    data: Type.Array(
      Type.Object({
        article: ApiArticle,
        snippetHtml: Type.String({ description: "Escaped text; matched words are wrapped in <mark>." }),
      }),
    ),
    page: Type.Integer(),
    hasMore: Type.Boolean(),
  },
  { description: "One page of results, 20 a page." },
);
