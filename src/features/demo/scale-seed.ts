import { sql } from "kysely";
import type { Progress, ProgressOptions } from "../../core/progress.js";
import { keyedHash } from "../../core/tokens.js";
import { withIndexesAndKeysDeferred } from "../../storage/deferred-indexes.js";
import { dialectOf } from "../../storage/dialect-of.js";
import type { Db } from "../../storage/storage.js";
import { type GeneratedArticle, insertGeneratedArticles } from "../articles/article.bulk.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { createAuthor, listAuthors } from "../authors/author.repository.js";
import { type GeneratedComment, insertGeneratedComments } from "../comments/comment.bulk.js";
import { createCategory, listCategories } from "../taxonomy/taxonomy.repository.js";
import { type GeneratedVote, insertGeneratedVotes } from "../votes/vote.bulk.js";
import { demoArticles } from "./demo-content.js";
import { demoWords, seededRandom } from "./synthetic-articles.js";

export interface ScaleCounts {
  articles: number;
  comments: number;
  votes: number;
}

/** `seed-demo --scale`: a big newsroom's archive (100k) and a very big one (1m). */
export const SCALE_PRESETS = {
  "100k": { articles: 100_000, comments: 1_000_000, votes: 10_000_000 },
  "1m": { articles: 1_000_000, comments: 10_000_000, votes: 10_000_000 },
} as const satisfies Record<string, ScaleCounts>;

export interface ScaleOptions {
  counts: ScaleCounts;
  now: number;
  /** Shows each phase's progress (core/progress.ts's startProgress, or nothing). */
  progress?: (options: Pick<ProgressOptions, "label" | "total" | "unit">) => Progress;
  /**
   * Builds the loaded tables' secondary indexes once, after the load, instead of row by row: for a
   * site that was empty, where the archive is nearly all the rows (storage/deferred-indexes.ts).
   */
  deferIndexes?: boolean;
}

/**
 * The tables whose secondary indexes (and foreign keys, on PostgreSQL) a fresh load builds afterwards.
 * Votes only on PostgreSQL: generated in article order, their rows reach every index of theirs nearly
 * in key order, which SQLite keeps up as cheaply as it sorts them afterwards (docs/decisions/0049),
 * while PostgreSQL loads them half again as fast without (docs/decisions/0067). Comments' six indexes
 * are where the saving is on both.
 */
const deferredTables = (db: Db) => [
  "articles",
  "article_categories",
  "article_tags",
  "article_authors",
  "search_documents",
  "comments",
  ...(dialectOf(db) === "postgres" ? ["votes"] : []),
];

/** Rows per transaction: large enough to share one commit, small enough to hold little memory. */
const BATCH = { articles: 1_000, comments: 5_000, votes: 20_000 } as const;
const MINUTE = 60_000;
/** One generated article every ten minutes, back from now: 100k articles span two years. */
const ARTICLE_SPACING = 10 * MINUTE;
/** A few articles carry the long threads a popular story gets. */
const LONG_THREADS = { articles: 5, comments: 2_000 } as const;
const MAX_THREAD = 20;
const MAX_DEPTH = 4;
const GENERATED_AUTHORS = 40;
const TEMPLATE_PARAGRAPHS = 3;
const TAG_POOL = 2_000;
/** Distinct readers who vote (an article never gets more votes than this), addresses and networks they share. */
const VOTERS = 50_000;
const ADDRESSES = 8_000;
const NETWORKS = 500;
const COMMENTERS = 5_000;

const silent: Progress = { update() {}, finish() {} };

/**
 * Adds a large generated archive — articles across the site's sections, tags and authors, threaded
 * comments (a few articles with thousands), per-reader votes with their counters — through each
 * feature's bulk insert, a batch per transaction, holding one batch in memory at a time. The same
 * counts always give the same content. Returns the ids range of the articles added.
 */
export async function seedAtScale(
  db: Db,
  options: ScaleOptions,
): Promise<{ firstId: number; lastId: number }> {
  const { counts } = options;
  const progress = options.progress ?? (() => silent);
  const random = seededRandom(counts.articles * 31 + counts.comments * 7 + counts.votes);
  const text = textMaker(random);
  const load = async () => {
    const ids = await seedArticles(db, { ...options, progress, random, text });
    await seedComments(db, ids, { ...options, progress, random, text });
    await seedVotes(db, ids, { ...options, progress, random });
    return { firstId: ids[0] ?? 0, lastId: ids[ids.length - 1] ?? 0 };
  };
  return withLoadSettings(db, () =>
    options.deferIndexes
      ? withIndexesAndKeysDeferred(db, deferredTables(db), load, (total) =>
          progress({
            label: "Rebuilding",
            total,
            unit: dialectOf(db) === "postgres" ? "indexes and keys" : "indexes",
          }),
        )
      : load(),
  );
}

/** SQLite page cache while loading (KiB): the indexes' pages being filled stay in memory, not on disk. */
const LOAD_CACHE_KIB = 65_536;

/**
 * While generating, on SQLite: commits wait for the disk only at checkpoints (a crash loses the last
 * batches, never consistency; the site's FULL comes back afterwards) and a larger page cache. On
 * PostgreSQL the server's settings apply.
 */
async function withLoadSettings<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (dialectOf(db) !== "sqlite") return work();
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql`pragma synchronous = NORMAL`.execute(db);
  await sql`pragma foreign_keys = OFF`.execute(db);
  await sql.raw(`pragma cache_size = -${LOAD_CACHE_KIB}`).execute(db);
  try {
    return await work();
  } finally {
    await sql`pragma synchronous = FULL`.execute(db);
    await sql`pragma foreign_keys = ON`.execute(db);
    await sql.raw(`pragma cache_size = ${Number(rows[0]?.cache_size)}`).execute(db);
  }
}

type Random = () => number;
type Phase = ScaleOptions & { progress: NonNullable<ScaleOptions["progress"]>; random: Random };

/** Sentences drawn from the demo newsroom's words, so generated text has the frequencies of news copy. */
function textMaker(random: Random) {
  const words = demoWords();
  const word = () => words[Math.floor(random() * words.length)] as string;
  return {
    word,
    sentence(min: number, max: number) {
      const length = min + Math.floor(random() * (max - min + 1));
      let text = word();
      for (let i = 1; i < length; i++) text += ` ${word()}`;
      return text.charAt(0).toUpperCase() + text.slice(1);
    },
  };
}
type Text = ReturnType<typeof textMaker>;

/** An index into a list of `length`, more often near its end when `skew` > 1: popular tags, prolific authors. */
const skewedIndex = (random: Random, length: number, skew: number) =>
  Math.min(length - 1, Math.floor(random() ** skew * length));

const publishedAtOf = (index: number, total: number, now: number) => now - (total - index) * ARTICLE_SPACING;

async function seedArticles(db: Db, phase: Phase & { text: Text }): Promise<Int32Array> {
  const { counts, now, random, text } = phase;
  const ids = new Int32Array(counts.articles);
  if (counts.articles === 0) return ids;
  const categories = await ensureCategories(db);
  const authors = await ensureAuthors(db, now);
  const tagNames = Array.from({ length: TAG_POOL }, () => `${text.word()} ${text.word()}`);
  // A few templates (the opening of each demo story), each checked and rendered once: a whole story's
  // bytes, five times over (document, HTML, revision, search text and index), would make the disk the limit.
  const bodies = demoArticles.map((article) =>
    markdownToDoc(
      article.bodyMarkdown
        .split(/\n\s*\n/)
        .slice(0, TEMPLATE_PARAGRAPHS)
        .join("\n\n"),
    ),
  );
  const bar = phase.progress({ label: "Articles", total: counts.articles, unit: "articles" });
  for (let done = 0; done < counts.articles; ) {
    const batch: GeneratedArticle[] = [];
    for (let i = done; i < Math.min(done + BATCH.articles, counts.articles); i++) {
      const primary = categories[skewedIndex(random, categories.length, 1.5)] as number;
      const second = random() < 0.2 ? [categories[Math.floor(random() * categories.length)] as number] : [];
      batch.push({
        title: text.sentence(4, 9),
        standfirst: `${text.sentence(10, 20)}.`,
        body: bodies[i % bodies.length] as GeneratedArticle["body"],
        publishedAt: publishedAtOf(i, counts.articles, now),
        categoryIds: [primary, ...second],
        tagNames: Array.from(
          { length: Math.floor(random() * 4) },
          () => tagNames[skewedIndex(random, tagNames.length, 2)] as string,
        ),
        authorIds: [authors[skewedIndex(random, authors.length, 1.5)] as number],
      });
    }
    const added = await db.transaction().execute((trx) => insertGeneratedArticles(trx, batch, now));
    ids.set(added, done);
    done += batch.length;
    bar.update(done);
  }
  bar.finish();
  return ids;
}

/** How many of `total` go to each of `slots`, skewed towards the newest, with `floor` each for a few. */
function spread(
  random: Random,
  total: number,
  slots: number,
  cap: number,
  heavy?: { count: number; floor: number },
) {
  const counts = new Int32Array(slots);
  let left = total;
  if (heavy && total >= heavy.count * heavy.floor * 2) {
    // Spaced through the archive, the newest among them.
    for (let k = 0; k < Math.min(heavy.count, slots); k++) {
      const index = slots - 1 - Math.floor((k * slots) / heavy.count);
      const share = Math.min(cap, heavy.floor + Math.floor(random() * heavy.floor * 0.25));
      counts[index] = share;
      left -= share;
    }
  }
  while (left > 0) {
    const index = skewedIndex(random, slots, 0.6);
    if ((counts[index] as number) >= cap) continue;
    counts[index] = (counts[index] as number) + 1;
    left--;
  }
  return counts;
}

async function seedComments(db: Db, ids: Int32Array, phase: Phase & { text: Text }) {
  const { counts, now, random, text } = phase;
  if (counts.comments === 0 || ids.length === 0) return;
  const perArticle = spread(random, counts.comments, ids.length, Number.MAX_SAFE_INTEGER, {
    count: LONG_THREADS.articles,
    floor: LONG_THREADS.comments,
  });
  const addresses = hashes("address", ADDRESSES);
  const bar = phase.progress({ label: "Comments", total: counts.comments, unit: "comments" });
  let batch: GeneratedComment[] = [];
  let done = 0;
  const flush = async () => {
    const comments = batch;
    batch = [];
    await db.transaction().execute((trx) => insertGeneratedComments(trx, comments));
    done += comments.length;
    bar.update(done);
  };
  for (const [index, articleId] of ids.entries()) {
    const publishedAt = publishedAtOf(index, ids.length, now);
    let threadStart = -1;
    for (let k = 0; k < (perArticle[index] as number); k++) {
      const position = batch.length;
      const newThread = threadStart < 0 || position - threadStart >= MAX_THREAD || random() < 0.25;
      if (newThread) threadStart = position;
      const parent = newThread ? null : replyTarget(batch, threadStart, position, random);
      const commenter = Math.floor(random() ** 1.5 * COMMENTERS);
      const roll = random();
      batch.push({
        articleId,
        replyTo: parent,
        authorKey: `guest:scale${commenter}`,
        authorName: `Reader ${commenter}`,
        authorEmail: `commenter${commenter}@archive.example`,
        ipHash: addresses[commenter % ADDRESSES] as string,
        body: `${text.sentence(6, 18)}. ${random() < 0.5 ? `${text.sentence(4, 14)}.` : ""}`.trim(),
        status: roll < 0.9 ? "approved" : roll < 0.96 ? "pending" : roll < 0.99 ? "spam" : "removed",
        heldReason: roll >= 0.9 && roll < 0.96 ? "first-time" : null,
        createdAt: Math.min(now, publishedAt + (k + 1) * 97_000),
      });
    }
    // An article's comments stay in one batch: replies point at earlier comments of the same batch.
    if (batch.length >= BATCH.comments) await flush();
  }
  if (batch.length > 0) await flush();
  bar.finish();
}

/** An earlier comment of the current thread, no deeper than MAX_DEPTH allows a reply to. */
function replyTarget(batch: GeneratedComment[], threadStart: number, position: number, random: Random) {
  let target = threadStart + Math.floor(random() * (position - threadStart));
  while (depthOf(batch, target) >= MAX_DEPTH) target = batch[target]?.replyTo ?? threadStart;
  return target;
}

function depthOf(batch: GeneratedComment[], position: number): number {
  let depth = 0;
  for (let at = batch[position]?.replyTo; at !== null && at !== undefined; at = batch[at]?.replyTo) depth++;
  return depth;
}

async function seedVotes(db: Db, ids: Int32Array, phase: Phase) {
  const { counts, now, random } = phase;
  if (counts.votes === 0 || ids.length === 0) return;
  const perArticle = spread(random, counts.votes, ids.length, VOTERS);
  const voters = Array.from({ length: VOTERS }, (_, n) => `anon:scale${n.toString(36).padStart(16, "0")}`);
  const addresses = hashes("address", ADDRESSES);
  const networks = hashes("network", NETWORKS);
  const bar = phase.progress({ label: "Votes", total: counts.votes, unit: "votes" });
  let batch: GeneratedVote[] = [];
  let done = 0;
  for (const [index, articleId] of ids.entries()) {
    const publishedAt = publishedAtOf(index, ids.length, now);
    // Distinct readers: a walk through the pool with a step prime to its size never comes back.
    const start = Math.floor(random() * VOTERS);
    for (let k = 0; k < (perArticle[index] as number); k++) {
      const voter = (start + k * 7919) % VOTERS;
      const held = random() < 0.02;
      batch.push({
        articleId,
        voterKey: voters[voter] as string,
        value: random() < 0.78 ? 1 : -1,
        status: held ? "held" : "counted",
        heldReason: held ? "network-burst" : null,
        ipHash: addresses[voter % ADDRESSES] as string,
        networkHash: networks[voter % NETWORKS] as string,
        createdAt: Math.min(now, publishedAt + (k + 1) * 13_000),
      });
      if (batch.length < BATCH.votes) continue;
      const votes = batch;
      batch = [];
      await db.transaction().execute((trx) => insertGeneratedVotes(trx, votes));
      done += votes.length;
      bar.update(done);
    }
  }
  if (batch.length > 0) await db.transaction().execute((trx) => insertGeneratedVotes(trx, batch));
  bar.update(counts.votes);
  bar.finish();
}

/** Stand-ins for keyed hashes of addresses and networks, as long as real ones. */
const hashes = (kind: string, count: number) =>
  Array.from({ length: count }, (_, n) => keyedHash("masthead scale seed", `${kind} ${n}`));

async function ensureCategories(db: Db): Promise<number[]> {
  const existing = await listCategories(db);
  if (existing.length > 0) return existing.map((category) => category.id);
  return [(await createCategory(db, { slug: "news", name: "News", description: "" })).id];
}

const FIRST_NAMES = ["Alma", "Bruno", "Chiara", "Dmitri", "Esme", "Farid", "Greta", "Hugo"];
const LAST_NAMES = ["Lindqvist", "Moreau", "Okonkwo", "Petrova", "Quinn", "Rossi"];

/** The site's authors plus a staff of generated ones (created once; a second run reuses them). */
async function ensureAuthors(db: Db, now: number): Promise<number[]> {
  const existing = await listAuthors(db);
  const slugs = new Set(existing.map((author) => author.slug));
  const ids = existing.map((author) => author.id);
  for (let n = 0; n < GENERATED_AUTHORS; n++) {
    const name = `${FIRST_NAMES[n % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    const slug = `${name.toLowerCase().replace(" ", "-")}-${n}`;
    if (slugs.has(slug)) continue;
    ids.push((await createAuthor(db, { slug, name, bio: "Staff writer." }, now)).id);
  }
  return ids;
}
