import type { Page } from "playwright-core";
import { listArticles } from "../../src/features/articles/article.queries.js";
import type { Db } from "../../src/storage/storage.js";
import { seedComment } from "./comments.js";

/** A public page the design and accessibility targets name. */
export interface ReaderPage {
  name: string;
  path: string;
  /** Search results are `noindex` on purpose, so search engines' rules do not apply to them. */
  indexable: boolean;
}

interface CommentListAnswer {
  data: Array<{ article: { slug: string } }>;
}

/**
 * The pages readers use most, found on the running site rather than named here: the home page, an
 * article with comments (the newest commented one, from the Content API), donating, newsletters and
 * a search for a word of that article's title.
 */
export async function readerPages(baseUrl: string): Promise<ReaderPage[]> {
  const comments = (await (await fetch(`${baseUrl}/api/v1/comments`)).json()) as CommentListAnswer;
  const slug = comments.data[0]?.article.slug;
  if (!slug) throw new Error("the site has no article with approved comments to audit");
  const word = slug.split("-").find((part) => part.length > 4) ?? slug;
  return [
    { name: "home", path: "/", indexable: true },
    { name: "article", path: `/${slug}/`, indexable: true },
    { name: "donate", path: "/donate/", indexable: true },
    { name: "newsletters", path: "/newsletters/", indexable: true },
    { name: "search", path: `/search?q=${encodeURIComponent(word)}`, indexable: false },
  ];
}

/** How much wider than the viewport the page is (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A short discussion under the newest article (the demo site has none): two comments and a reply. */
export async function seedDiscussion(db: Db, now: number): Promise<void> {
  const [newest] = (await listArticles(db, { now, page: 1, perPage: 1 })).items;
  if (!newest) throw new Error("no article to discuss");
  const first = await seedComment(db, {
    articleId: newest.id,
    now,
    name: "Maren Holt",
    text: "The figures in the third paragraph match the council's own report. Thank you for linking it.",
  });
  await seedComment(db, {
    articleId: newest.id,
    now,
    parentId: first.id,
    name: "Tomasz Ek",
    text: "Agreed, and the report's appendix has the year-by-year costs too.",
  });
  await seedComment(db, {
    articleId: newest.id,
    now,
    name: "Ada Brennan",
    text: "Will there be a follow-up?",
  });
}
