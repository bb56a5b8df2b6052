import { createHash } from "node:crypto";
import { slugify } from "../../core/slug.js";
import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "../articles/article.js";
import { findArticleById } from "../articles/article.repository.js";
import { insertNewArticles, saveArticleChanges } from "../articles/article.service.js";
import type { ArticleRow } from "../articles/article.table.js";
import { createAuthor, findAuthorBySlug } from "../authors/author.repository.js";
import { type RedirectInput, saveRedirects } from "../redirects/redirect.service.js";
import { countSkip, type ImportKind, type ImportReport } from "./import.report.js";
import {
  findImportLink,
  findImportLinks,
  type ImportLink,
  type LinkKey,
  saveImportLinks,
} from "./import.repository.js";

export const fingerprintOf = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** Thrown to roll a dry run back after it did everything; carries the report out. */
class DryRunDone extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

/**
 * Runs an import in one transaction: a source that turns out bad half-way writes nothing, and a dry
 * run does all the work and rolls it back, so its report is exact.
 */
export async function inOneTransaction(
  db: Db,
  dryRun: boolean,
  work: (trx: Db) => Promise<ImportReport>,
): Promise<ImportReport> {
  try {
    return await db.transaction().execute(async (trx) => {
      const report = await work(trx);
      if (dryRun) throw new DryRunDone(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.report;
    throw error;
  }
}

/** An item of the source that becomes an article or page; `makeInput` runs only when it is written. */
export interface ArticleItem {
  kind: "posts" | "pages";
  sourceId: string;
  fingerprint: string;
  makeInput: () => Promise<ArticleInput>;
}

export interface SavedArticle {
  id: number;
  /** Set when the article was written (so its redirects are too). */
  slug?: string;
}

const linkKey = (kind: string, sourceId: string) => `${kind}\u0000${sourceId}`;

/**
 * What every importer writes with, inside the import's transaction: redirects, articles and author
 * profiles matched on the source's own ids (import_links), each counted in the report. Importers
 * work in chunks of items: `preloadLinks` reads the links a chunk needs in one query, `remember` and
 * `redirect` queue their rows, and `flushWrites` writes them in multi-row statements.
 */
export class ImportWriter {
  /** Links read by `preloadLinks` (null: none) or queued by `remember`, until the next preload. */
  private knownLinks = new Map<string, ImportLink | null>();
  private readonly queuedLinks = new Map<string, LinkKey & ImportLink>();
  private queuedRedirects: RedirectInput[] = [];

  constructor(
    protected readonly trx: Db,
    readonly report: ImportReport,
    protected readonly source: string,
    protected readonly now: number,
  ) {}

  protected count(kind: ImportKind, outcome: "imported" | "updated" | "unchanged"): void {
    this.report.counts[kind][outcome]++;
  }

  /** Reads every link of these kinds and source ids at once, so `link` needs no query for them. */
  protected async preloadLinks(kinds: readonly string[], sourceIds: readonly string[]): Promise<void> {
    this.knownLinks = new Map();
    for (const kind of kinds) for (const id of sourceIds) this.knownLinks.set(linkKey(kind, id), null);
    for (const link of await findImportLinks(this.trx, this.source, kinds, sourceIds)) {
      this.knownLinks.set(linkKey(link.kind, link.sourceId), link);
    }
    for (const [key, link] of this.queuedLinks) this.knownLinks.set(key, link);
  }

  protected async link(kind: string, sourceId: string): Promise<ImportLink | undefined> {
    const known = this.knownLinks.get(linkKey(kind, sourceId));
    if (known !== undefined) return known ?? undefined;
    return findImportLink(this.trx, { source: this.source, kind, sourceId });
  }

  protected remember(kind: string, sourceId: string, targetId: number, fingerprint: string): void {
    const link = { source: this.source, kind, sourceId, targetId, fingerprint };
    this.knownLinks.set(linkKey(kind, sourceId), link);
    this.queuedLinks.set(linkKey(kind, sourceId), link);
  }

  /** A redirect row, written by `flushWrites`; an old address we may not take (the home page, /admin/) is counted as skipped. */
  protected redirect(from: string | undefined, to: string): void {
    if (from && from !== to) this.queuedRedirects.push({ fromPath: from, toUrl: to });
  }

  /** Writes the queued redirects and links. */
  protected async flushWrites(): Promise<void> {
    const outcomes = await saveRedirects(this.trx, this.queuedRedirects, this.now);
    this.queuedRedirects = [];
    for (const outcome of outcomes) {
      if (outcome === "refused") countSkip(this.report, "redirects", "not a usable old address");
      else this.count("redirects", outcome === "changed" ? "imported" : "unchanged");
    }
    await saveImportLinks(this.trx, [...this.queuedLinks.values()]);
    this.queuedLinks.clear();
  }

  /** `saveArticles` for one item. */
  protected async saveArticle(item: ArticleItem): Promise<SavedArticle | undefined> {
    return (await this.saveArticles([item]))[0];
  }

  /**
   * The article or page of each source item: left alone when its fingerprint is unchanged, a new
   * revision when it changed, created otherwise (the new ones together, in multi-row statements).
   * `makeInput` runs only when something is written. Returns each one's id and (when written) its
   * slug, for redirects, in the order given; undefined for an item given twice (skipped and counted).
   */
  protected async saveArticles(items: readonly ArticleItem[]): Promise<(SavedArticle | undefined)[]> {
    const saved: (SavedArticle | undefined)[] = [];
    const fresh: { index: number; item: ArticleItem; input: ArticleInput }[] = [];
    const given = new Set<string>();
    for (const [index, item] of items.entries()) {
      const key = linkKey(item.kind, item.sourceId);
      const repeated = given.has(key);
      given.add(key);
      const link = await this.link(item.kind, item.sourceId);
      if (repeated) {
        countSkip(this.report, item.kind, "the same id twice in the export");
        saved.push(undefined);
      } else if (link?.fingerprint === item.fingerprint) {
        this.count(item.kind, "unchanged");
        saved.push({ id: link.targetId });
      } else {
        const current = link && (await findArticleById(this.trx, link.targetId));
        const input = await item.makeInput();
        if (current) saved.push(await this.updateArticle(item, current, input));
        else {
          fresh.push({ index, item, input });
          saved.push(undefined);
        }
      }
    }
    const created = await insertNewArticles(
      this.trx,
      fresh.map(({ input }) => input),
      this.now,
      null,
    );
    for (const [n, { index, item }] of fresh.entries()) {
      const article = created[n];
      if (!article) throw new Error(`item ${item.sourceId} was not created`);
      this.remember(item.kind, item.sourceId, article.id, item.fingerprint);
      this.count(item.kind, "imported");
      saved[index] = article;
    }
    return saved;
  }

  private async updateArticle(item: ArticleItem, current: ArticleRow, input: ArticleInput) {
    const save = { expectedRevision: current.revision, now: this.now, editorId: null };
    const id = await saveArticleChanges(this.trx, current.id, input, save);
    this.remember(item.kind, item.sourceId, id, item.fingerprint);
    this.count(item.kind, "updated");
    return { id, slug: (await findArticleById(this.trx, id))?.slug };
  }

  /** An author profile (its slug made free), counted as imported. */
  protected async authorProfile(author: { slug: string; name: string; bio?: string }) {
    const wanted = slugify(author.slug) || slugify(author.name) || "author";
    let slug = wanted;
    for (let n = 2; await findAuthorBySlug(this.trx, slug); n++) slug = `${wanted}-${n}`;
    this.count("authors", "imported");
    return createAuthor(this.trx, { slug, name: author.name, bio: author.bio ?? "" }, this.now);
  }
}
