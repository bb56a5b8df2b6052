import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "../articles/article.js";
import { createArticles } from "../articles/article.service.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { createAuthor, listAuthors } from "../authors/author.repository.js";
import { createCategory, listCategories } from "../taxonomy/taxonomy.repository.js";
import { demoArticles } from "./demo-content.js";

const MINUTE = 60_000;

/** A small seeded generator (mulberry32), so the same N always gives the same articles. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every word of the demo newsroom's text, repeats included: drawing from it uniformly gives
 * generated text the word frequencies of real news copy, which is what a search benchmark needs.
 */
export const demoWords = () =>
  demoArticles
    .flatMap(
      (article) => `${article.title} ${article.standfirst} ${article.bodyMarkdown}`.match(/[A-Za-z]+/g) ?? [],
    )
    .map((word) => word.toLowerCase());

export interface SyntheticOptions {
  count: number;
  now: number;
  /** Articles per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Adds `count` generated, published articles (one every ten minutes back from `now`) in the site's
 * categories and by its authors, for scale tests and benchmarks. They go through the articles
 * feature like any other, so they are searchable and listed; only the text is made up.
 */
export async function seedSyntheticArticles(db: Db, options: SyntheticOptions): Promise<number> {
  const random = seededRandom(options.count);
  const words = demoWords();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sentence = (min: number, max: number) => {
    const length = min + Math.floor(random() * (max - min + 1));
    const text = Array.from({ length }, () => pick(words)).join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const categories = await ensureSome(db, "categories");
  const authors = await ensureSome(db, "authors");
  const tagNames = Array.from({ length: 300 }, () => `${pick(words)} ${pick(words)}`);
  const batchSize = options.batchSize ?? 500;
  for (let done = 0; done < options.count; ) {
    const inputs: ArticleInput[] = [];
    for (let i = 0; i < batchSize && done + i < options.count; i++) {
      const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
        Array.from({ length: 2 + Math.floor(random() * 4) }, () => `${sentence(8, 20)}.`).join(" "),
      );
      inputs.push({
        title: sentence(4, 9),
        standfirst: `${sentence(10, 20)}.`,
        body: markdownToDoc(paragraphs.join("\n\n")),
        status: "published",
        publishedAt: options.now - (options.count - done - i) * 10 * MINUTE,
        categoryIds: [pick(categories)],
        tagNames: Array.from({ length: Math.floor(random() * 3) }, () => pick(tagNames)),
        authorIds: [pick(authors)],
        image: null,
        attributions: [],
      });
    }
    await createArticles(db, inputs, options.now);
    done += inputs.length;
    options.onProgress?.(done, options.count);
  }
  return options.count;
}

/** The ids of the site's categories or authors, creating one if there are none. */
async function ensureSome(db: Db, kind: "categories" | "authors"): Promise<number[]> {
  if (kind === "categories") {
    const existing = await listCategories(db);
    if (existing.length > 0) return existing.map((category) => category.id);
    return [(await createCategory(db, { slug: "news", name: "News", description: "" })).id];
  }
  const existing = await listAuthors(db);
  if (existing.length > 0) return existing.map((author) => author.id);
  return [(await createAuthor(db, { slug: "newsroom", name: "Newsroom", bio: "" }, 0)).id];
}
