import { createHash } from "node:crypto";
import { AppError } from "../../core/errors.js";
import { slugify } from "../../core/slug.js";
import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "../articles/article.js";
import { findArticleById } from "../articles/article.repository.js";
import { insertNewArticle, saveArticleChanges } from "../articles/article.service.js";
import { createAuthor, findAuthorBySlug } from "../authors/author.repository.js";
import { saveRedirect } from "../redirects/redirect.service.js";
import { countSkip, type ImportKind, type ImportReport } from "./import.report.js";
import { findImportLink, saveImportLink } from "./import.repository.js";

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

/**
 * What every importer writes with, inside the import's transaction: redirects, articles and author
 * profiles matched on the source's own ids (import_links), each counted in the report.
 */
export class ImportWriter {
  constructor(
    protected readonly trx: Db,
    readonly report: ImportReport,
    protected readonly source: string,
    protected readonly now: number,
  ) {}

  protected count(kind: ImportKind, outcome: "imported" | "updated" | "unchanged"): void {
    this.report.counts[kind][outcome]++;
  }

  protected link(kind: string, sourceId: string) {
    return findImportLink(this.trx, { source: this.source, kind, sourceId });
  }

  protected remember(kind: string, sourceId: string, targetId: number, fingerprint: string) {
    return saveImportLink(this.trx, { source: this.source, kind, sourceId }, { targetId, fingerprint });
  }

  /** A redirect row; an old address we may not take (the home page, /admin/) is counted as skipped. */
  protected async redirect(from: string | undefined, to: string): Promise<void> {
    if (!from || from === to) return;
    try {
      const changed = await saveRedirect(this.trx, { fromPath: from, toUrl: to }, this.now);
      this.count("redirects", changed ? "imported" : "unchanged");
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      countSkip(this.report, "redirects", "not a usable old address");
    }
  }

  /**
   * The article or page for this source item: left alone when its fingerprint is unchanged, a new
   * revision when it changed, created otherwise. `makeInput` runs only when something is written.
   * Returns its id and (when written) its slug, for redirects.
   */
  protected async saveArticle(
    item: { kind: "posts" | "pages"; sourceId: string; fingerprint: string },
    makeInput: () => Promise<ArticleInput>,
  ): Promise<{ id: number; slug?: string }> {
    const link = await this.link(item.kind, item.sourceId);
    if (link?.fingerprint === item.fingerprint) {
      this.count(item.kind, "unchanged");
      return { id: link.targetId };
    }
    const input = await makeInput();
    const current = link && (await findArticleById(this.trx, link.targetId));
    const save = { expectedRevision: current?.revision ?? 0, now: this.now, editorId: null };
    const id = current
      ? await saveArticleChanges(this.trx, current.id, input, save)
      : await insertNewArticle(this.trx, input, this.now, null);
    await this.remember(item.kind, item.sourceId, id, item.fingerprint);
    this.count(item.kind, current ? "updated" : "imported");
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
