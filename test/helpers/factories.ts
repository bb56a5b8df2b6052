import type { ArticleInput } from "../../src/features/articles/article.js";
import { createArticle } from "../../src/features/articles/article.service.js";
import { markdownToDoc } from "../../src/features/articles/document/doc.from-markdown.js";
import { createAuthor } from "../../src/features/authors/author.repository.js";
import { saveReward } from "../../src/features/donations/donation.repository.js";
import { createCategory } from "../../src/features/taxonomy/taxonomy.repository.js";
import type { Db } from "../../src/storage/storage.js";

export const HOUR = 3_600_000;
let sequence = 0;
const next = () => ++sequence;

export async function makeCategory(db: Db, name = `Category ${next()}`) {
  const n = next();
  return createCategory(db, { slug: `category-${n}`, name, description: `About ${name}` });
}

export async function makeAuthor(db: Db, name = `Author ${next()}`, now = 0) {
  return createAuthor(db, { slug: `author-${next()}`, name, bio: `${name} writes.` }, now);
}

/** A complete article input with no links, image or sources, plus whatever the test overrides. */
export const articleInput = (overrides: Partial<ArticleInput> = {}): ArticleInput => ({
  title: `Article ${next()}`,
  standfirst: "A standfirst.",
  body: markdownToDoc("Body text."),
  status: "published",
  publishedAt: null,
  categoryIds: [],
  tagNames: [],
  authorIds: [],
  image: null,
  attributions: [],
  ...overrides,
});

/** A published article one hour before `now`, with whatever the test overrides. */
export async function makeArticle(db: Db, now: number, overrides: Partial<ArticleInput> = {}) {
  return createArticle(db, articleInput({ publishedAt: now - HOUR, ...overrides }), now);
}

/** A mug for gifts of €20 or more, shipped to Germany and France, ten in stock; returns its id. */
export function makeMugReward(db: Db, now: number): Promise<number> {
  return saveReward(
    db,
    {
      name: "Mug",
      description: "Our mug.",
      imageUrl: "",
      physical: true,
      shipCountries: ["DE", "FR"],
      stock: 10,
      active: true,
      minimums: { EUR: 2000 },
    },
    now,
  );
}
