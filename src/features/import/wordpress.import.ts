import { slugify } from "../../core/slug.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import { EMAIL_PATTERN, normaliseEmail } from "../accounts/user.js";
import { findUserById, findUserRowByEmail } from "../accounts/user.repository.js";
import { createPasswordLink, insertStaffAccount } from "../accounts/user.service.js";
import type { ArticleInput, ArticleKind, ArticleStatus, FeaturedImage } from "../articles/article.js";
import { findAuthorsByIds } from "../authors/author.repository.js";
import { importComments, importedCommentsDone } from "../comments/comment.import.js";
import type { CommentStatus } from "../comments/comment.table.js";
import {
  createCategory,
  ensureTags,
  findCategoryBySlug,
  setCategoryParent,
} from "../taxonomy/taxonomy.repository.js";
import type { VoteCounts } from "../votes/vote.math.js";
import { setLegacyTallies } from "../votes/vote.repository.js";
import { countSkip, emptyReport, type ImportReport } from "./import.report.js";
import { type ArticleItem, fingerprintOf, ImportWriter, inOneTransaction } from "./import.writer.js";
import { wordpressToArticleBody, wordpressToPlainText } from "./wp-content.js";
import { UploadsMover, uploadUrlsIn } from "./wp-uploads.js";
import type { WxrAuthor, WxrCategory, WxrComment, WxrEntry, WxrItem, WxrTag } from "./wxr.js";
import { type ReadProgress, readWxr } from "./wxr.reader.js";

const SOURCE = "wordpress";

export interface WordpressImportOptions {
  file: string;
  dryRun: boolean;
  now: number;
  /** Authors become staff accounts (role author) with set-password links made by this; else profiles only. */
  staffAccounts?: { passwordLink: (token: string) => string };
  /** A copy of wp-content/uploads: its images go into the media library, kept in `media`. */
  uploads?: { uploadsDir: string; media: MediaStore };
  onProgress?: (progress: ReadProgress & { items: number }) => void;
}

/**
 * Imports a WXR export in one transaction: a file that turns out bad halfway writes nothing, and a
 * dry run does all the work and rolls it back. Safe to run again: items are matched on their
 * WordPress ids (import_links), unchanged ones skipped, changed ones updated. Items are taken in
 * chunks of CHUNK_ITEMS: one query reads the chunk's links, and its comments, tallies, redirects and
 * links are written in multi-row statements, so the queries per item stay few.
 */
export async function importWordpress(db: Db, options: WordpressImportOptions): Promise<ImportReport> {
  return inOneTransaction(db, options.dryRun, async (trx) => {
    const uploads =
      options.uploads &&
      new UploadsMover(trx, { ...options.uploads, now: options.now, dryRun: options.dryRun });
    const importer = new WordpressImporter(trx, emptyReport(options.file, options.dryRun), {
      ...options,
      uploads,
    });
    let items = 0;
    const entries = readWxr(options.file, (progress) => options.onProgress?.({ ...progress, items }));
    for await (const entry of entries) {
      await importer.take(entry);
      if (entry.kind === "item") items++;
    }
    await importer.finish();
    return importer.report;
  });
}

/** "2019-05-03 10:20:00" (WordPress's format) as epoch ms, read as UTC; null for WordPress's zero date. */
function wordpressTime(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match || match[1] === "0000") return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

/** WordPress status → ours; undefined: not imported (the reason is the status). */
function statusOf(item: WxrItem): ArticleStatus | undefined {
  switch (item.status) {
    case "publish":
      return "published";
    case "future":
      return "scheduled";
    case "draft":
    case "pending":
    case "private":
      return "draft";
    default:
      return undefined;
  }
}

const COMMENT_STATUS: Record<string, CommentStatus> = { "1": "approved", "0": "pending", spam: "spam" };

const pathOf = (url: string) => (URL.canParse(url) ? new URL(url).pathname : undefined);

/** Items (posts, pages, attachments) per chunk: enough to make the batched statements pay, little memory. */
const CHUNK_ITEMS = 250;

/** The links one item may have: as a post or page, its tally, and its comments and their parents. */
const ITEM_LINK_KINDS = ["posts", "pages", "tally", "comment"];
const linkIdsOf = (item: WxrItem) => [
  item.postId,
  ...item.comments.flatMap((comment) => [comment.id, comment.parent]),
];

/** A post or page of the export, to be saved as an article of this kind and status. */
interface Post {
  item: WxrItem;
  kind: ArticleKind;
  status: ArticleStatus;
}

interface QueuedComment {
  comment: WxrComment;
  articleId: number;
  status: CommentStatus;
}

class WordpressImporter extends ImportWriter {
  private readonly authorIds = new Map<string, number>();
  private readonly categories = new Map<string, { id: number; parentSlug: string }>();
  private readonly attachments = new Map<string, { url: string; alt: string; caption: string }>();
  private chunk: WxrItem[] = [];
  private queuedComments: QueuedComment[] = [];
  private readonly queuedTallies = new Map<number, VoteCounts>();

  private readonly uploads: UploadsMover | undefined;
  /** Set with `--authors staff`: authors become staff accounts, and this makes their set-password links. */
  private readonly staffLinks: ((token: string) => string) | undefined;

  constructor(
    trx: Db,
    report: ImportReport,
    options: Pick<WordpressImportOptions, "now" | "staffAccounts"> & { uploads: UploadsMover | undefined },
  ) {
    super(trx, report, SOURCE, options.now);
    this.uploads = options.uploads;
    this.staffLinks = options.staffAccounts?.passwordLink;
  }

  async take(entry: WxrEntry): Promise<void> {
    switch (entry.kind) {
      case "site":
        this.report.wxrVersion = entry.version;
        this.redirect("/feed/", "/rss.xml");
        return this.redirect("/feed/atom/", "/atom.xml");
      case "author":
        return this.author(entry);
      case "category":
        return this.category(entry);
      case "tag":
        return this.tag(entry);
      case "item":
        this.chunk.push(entry);
        if (this.chunk.length >= CHUNK_ITEMS) await this.importChunk();
        return;
    }
  }

  /** Imports the last chunk and writes what is still queued. */
  finish(): Promise<void> {
    return this.importChunk();
  }

  private async importChunk(): Promise<void> {
    const items = this.chunk;
    this.chunk = [];
    await this.preloadLinks(ITEM_LINK_KINDS, items.flatMap(linkIdsOf));
    const posts: Post[] = [];
    for (const item of items) {
      const post = await this.item(item);
      if (post) posts.push(post);
    }
    await this.savePosts(posts);
    await this.writeComments();
    await setLegacyTallies(
      this.trx,
      [...this.queuedTallies].map(([articleId, tally]) => ({ articleId, ...tally })),
    );
    this.queuedTallies.clear();
    await this.flushWrites();
  }

  private async author(author: WxrAuthor): Promise<void> {
    const link = await this.link("author", author.login);
    if (link) {
      this.authorIds.set(author.login, link.targetId);
      return this.count("authors", "unchanged");
    }
    const created = this.staffLinks
      ? await this.staffAuthor(author, this.staffLinks)
      : await this.profile(author);
    this.remember("author", author.login, created.id, fingerprintOf(author));
    this.authorIds.set(author.login, created.id);
    this.redirect(`/author/${author.login}/`, `/author/${created.slug}/`);
  }

  /** An author profile only (`--authors profiles`, the default). */
  private profile(author: WxrAuthor) {
    return this.authorProfile({ slug: author.login, name: author.displayName });
  }

  /**
   * `--authors staff`: a staff account (role author, no password) with its profile, and a set-password
   * link in the report; someone who already has an account keeps it, and their profile is used.
   */
  private async staffAuthor(author: WxrAuthor, passwordLink: (token: string) => string) {
    const email = normaliseEmail(author.email);
    if (!new RegExp(EMAIL_PATTERN).test(email)) {
      countSkip(this.report, "authors", "no usable e-mail: author profile only");
      return this.profile(author);
    }
    const existing = await findUserRowByEmail(this.trx, email);
    const userId =
      existing?.id ??
      (await insertStaffAccount(
        this.trx,
        { email, name: author.displayName, role: "author", passwordHash: null },
        this.now,
      ));
    const user = await findUserById(this.trx, userId);
    const [profile] = user ? (await findAuthorsByIds(this.trx, [user.authorId])).values() : [];
    if (!profile) throw new Error(`staff account ${email} has no author profile`);
    this.count("authors", existing ? "unchanged" : "imported");
    if (!existing && !this.report.dryRun) {
      const link = passwordLink(await createPasswordLink(this.trx, userId, this.now));
      this.report.passwordLinks.push({ email, link });
    }
    return profile;
  }

  private async category(category: WxrCategory): Promise<void> {
    const sourceId = category.termId || category.slug;
    const link = await this.link("category", sourceId);
    let id = link?.targetId;
    if (id !== undefined) this.count("categories", "unchanged");
    else {
      const slug = slugify(category.slug) || slugify(category.name) || "category";
      const existing = await findCategoryBySlug(this.trx, slug);
      id =
        existing?.id ??
        (await createCategory(this.trx, { slug, name: category.name, description: category.description })).id;
      this.remember("category", sourceId, id, fingerprintOf(category));
      this.count("categories", existing ? "unchanged" : "imported");
    }
    // WordPress exports parents before their children.
    const parent = this.categories.get(category.parentSlug);
    await setCategoryParent(this.trx, id, parent?.id ?? null);
    this.categories.set(category.slug, { id, parentSlug: category.parentSlug });
    const slug = slugify(category.slug) || "category";
    this.redirect(`/category/${this.categoryPath(category.slug)}/`, `/category/${slug}/`);
    this.redirect(`/category/${this.categoryPath(category.slug)}/feed/`, `/category/${slug}/rss.xml`);
  }

  /** "parent/child": WordPress's category URL path. */
  private categoryPath(slug: string): string {
    const parts = [slug];
    for (let parent = this.categories.get(slug)?.parentSlug; parent && parts.length < 20; ) {
      parts.unshift(parent);
      parent = this.categories.get(parent)?.parentSlug;
    }
    return parts.join("/");
  }

  private async tag(tag: WxrTag): Promise<void> {
    const sourceId = tag.termId || tag.slug;
    const [made] = await ensureTags(this.trx, [tag.name || tag.slug]);
    if (!made) return countSkip(this.report, "tags", "no name");
    const known = await this.link("tag", sourceId);
    if (!known) this.remember("tag", sourceId, made.id, fingerprintOf(tag));
    this.count("tags", known ? "unchanged" : "imported");
    this.redirect(`/tag/${tag.slug}/`, `/tag/${made.slug}/`);
    this.redirect(`/tag/${tag.slug}/feed/`, `/tag/${made.slug}/rss.xml`);
  }

  /** An attachment is taken at once; a post or page is returned to be saved with its chunk. */
  private async item(item: WxrItem): Promise<Post | undefined> {
    if (item.postType === "attachment") {
      await this.attachment(item);
      return undefined;
    }
    if (item.postType !== "post" && item.postType !== "page") {
      countSkip(this.report, "posts", `post type "${item.postType}"`);
      return undefined;
    }
    const kind: ArticleKind = item.postType === "page" ? "page" : "article";
    const status = statusOf(item);
    if (!status) {
      countSkip(this.report, kind === "page" ? "pages" : "posts", `status "${item.status}"`);
      return undefined;
    }
    return { item, kind, status };
  }

  private async attachment(item: WxrItem): Promise<void> {
    this.attachments.set(item.postId, {
      url: item.attachmentUrl || item.guid,
      alt: item.meta._wp_attachment_image_alt ?? "",
      caption: wordpressToPlainText(item.excerpt),
    });
    if (!this.uploads) {
      return countSkip(this.report, "attachments", "no --uploads: kept at their original URL");
    }
    const alt = item.meta._wp_attachment_image_alt ?? "";
    if (!(await this.uploads.move(item.attachmentUrl || item.guid, alt))) {
      return countSkip(this.report, "attachments", "file not in --uploads (or not an image)");
    }
    this.count("attachments", "imported");
  }

  /** The chunk's posts and pages (new ones created together), then their redirects, tallies and comments. */
  private async savePosts(posts: readonly Post[]): Promise<void> {
    const saved = await this.saveArticles(posts.map((post) => this.articleItem(post)));
    for (const [index, { item, kind }] of posts.entries()) {
      const article = saved[index];
      if (!article) continue;
      if (article.slug) this.articleRedirects(item, kind, `/${article.slug}/`);
      if (item.sticky) this.report.stickyPosts.push(`${item.postId}: ${item.title}`);
      await this.legacyTally(item, article.id);
      await this.comments(item, article.id);
    }
  }

  private articleItem({ item, kind, status }: Post): ArticleItem {
    const { comments: _comments, ...content } = item;
    return {
      kind: kind === "page" ? "pages" : "posts",
      sourceId: item.postId,
      fingerprint: fingerprintOf(content),
      makeInput: async () => {
        await this.moveUploads(item);
        return this.articleInput(item, kind, status);
      },
    };
  }

  private articleInput(item: WxrItem, kind: ArticleKind, status: ArticleStatus): ArticleInput {
    const { body, notes } = wordpressToArticleBody(item.content, {
      attachment: (id) => this.attachments.get(id),
      mediaUrl: (url) => this.uploads?.urlFor(url) ?? url,
    });
    for (const name of new Set(notes.unknownShortcodes)) {
      this.report.unknownShortcodes[name] = (this.report.unknownShortcodes[name] ?? 0) + 1;
    }
    this.keepMediaUrls(notes.uploadUrls);
    const categoryIds = item.terms
      .filter((term) => term.domain === "category")
      .flatMap((term) => this.categories.get(term.slug)?.id ?? []);
    const authorId = this.authorIds.get(item.creator);
    return {
      kind,
      title: wordpressToPlainText(item.title) || "(untitled)",
      slug: item.postName || item.title,
      standfirst: wordpressToPlainText(item.excerpt),
      body,
      status,
      publishedAt: wordpressTime(item.postDateGmt) ?? wordpressTime(item.postDate),
      categoryIds: kind === "page" ? [] : categoryIds,
      tagNames: item.terms.filter((term) => term.domain === "post_tag").map((term) => term.name),
      authorIds: authorId === undefined || kind === "page" ? [] : [authorId],
      image: this.featuredImage(item),
      attributions: [],
    };
  }

  private readonly mediaUrlsSeen = new Set<string>();

  private keepMediaUrls(urls: readonly string[]): void {
    for (const url of urls) {
      const moved = this.uploads !== undefined && this.uploads.urlFor(url) !== url;
      if (moved || this.mediaUrlsSeen.has(url)) continue;
      this.mediaUrlsSeen.add(url);
      this.report.mediaKeptAtOriginalUrl.push(url);
      if (this.uploads) this.report.missingMedia.push(url);
    }
  }

  /** Before the body is converted: every upload it (or its featured image) uses, into the media library. */
  private async moveUploads(item: WxrItem): Promise<void> {
    if (!this.uploads) return;
    const featured = this.attachments.get(item.meta._thumbnail_id ?? "");
    for (const url of new Set([...uploadUrlsIn(item.content), ...(featured ? [featured.url] : [])])) {
      await this.uploads.move(url, featured?.url === url ? featured.alt : "");
    }
  }

  private featuredImage(item: WxrItem): FeaturedImage | null {
    const thumbnailId = item.meta._thumbnail_id;
    if (!thumbnailId) return null;
    const attachment = this.attachments.get(thumbnailId);
    if (!attachment) {
      this.report.featuredImagesMissing.push(`post ${item.postId}: attachment ${thumbnailId}`);
      return null;
    }
    this.keepMediaUrls([attachment.url]);
    return {
      url: this.uploads?.urlFor(attachment.url) ?? attachment.url,
      alt: attachment.alt,
      caption: attachment.caption,
      credit: "",
      width: null,
      height: null,
    };
  }

  /** Every address WordPress answered for this post or page, pointing at its new one. */
  private articleRedirects(item: WxrItem, kind: ArticleKind, to: string): void {
    this.redirect(`/?${kind === "page" ? "page_id" : "p"}=${item.postId}`, to);
    this.redirect(pathOf(item.link), to);
    if (!item.postName) return;
    this.redirect(`/${item.postName}/`, to);
    const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(item.postDate);
    if (kind === "article" && date) {
      this.redirect(`/${date[1]}/${date[2]}/${date[3]}/${item.postName}/`, to);
      this.redirect(`/${date[1]}/${date[2]}/${item.postName}/`, to);
    }
  }

  /** Snax keeps only totals in post meta; they become the article's legacy tally (decision 0021). */
  private async legacyTally(item: WxrItem, articleId: number): Promise<void> {
    const up = item.meta._snax_upvote_count;
    const down = item.meta._snax_downvote_count;
    if (up === undefined && down === undefined) return;
    const tally = { up: Number.parseInt(up ?? "0", 10) || 0, down: Number.parseInt(down ?? "0", 10) || 0 };

    const fingerprint = fingerprintOf(tally);
    const link = await this.link("tally", item.postId);
    if (link?.fingerprint === fingerprint) return this.count("legacyVoteTallies", "unchanged");
    this.queuedTallies.set(articleId, tally);
    this.remember("tally", item.postId, articleId, fingerprint);
    this.count("legacyVoteTallies", link ? "updated" : "imported");
  }

  /** Queues the item's comments that are new (matched on their WordPress ids), for `writeComments`. */
  private async comments(item: WxrItem, articleId: number): Promise<void> {
    for (const comment of item.comments) {
      if (comment.type === "pingback" || comment.type === "trackback") {
        countSkip(this.report, "comments", `${comment.type}s`);
        continue;
      }
      const status = COMMENT_STATUS[comment.approved];
      if (!status) {
        const reason = comment.approved === "trash" ? "in the trash" : `status "${comment.approved}"`;
        countSkip(this.report, "comments", reason);
        continue;
      }
      // Preloaded with the chunk: no query.
      if (await this.link("comment", comment.id)) this.count("comments", "unchanged");
      else this.queuedComments.push({ comment, articleId, status });
    }
  }

  /**
   * The chunk's new comments, a level of their threads at a time (parents before their replies), each
   * level in multi-row statements; a reply whose parent was skipped or is missing starts a thread.
   */
  private async writeComments(): Promise<void> {
    let waiting = this.queuedComments;
    this.queuedComments = [];
    const articleIds = new Set(waiting.map((queued) => queued.articleId));
    while (waiting.length > 0) {
      const waitingIds = new Set(waiting.map((queued) => queued.comment.id));
      const parentWaits = (queued: QueuedComment) => waitingIds.has(queued.comment.parent);
      // Every one waits only in a loop of parents (a broken file): those start threads.
      const ready = waiting.some((queued) => !parentWaits(queued))
        ? waiting.filter((queued) => !parentWaits(queued))
        : waiting;
      waiting = ready === waiting ? [] : waiting.filter(parentWaits);
      const ids = await importComments(
        this.trx,
        await Promise.all(ready.map((queued) => this.importedComment(queued))),
      );
      ready.forEach(({ comment }, index) => {
        const id = ids[index];
        if (id === undefined) throw new Error(`comment ${comment.id} was not stored`);
        this.remember("comment", comment.id, id, fingerprintOf(comment));
        this.count("comments", "imported");
      });
    }
    if (articleIds.size > 0) await importedCommentsDone(this.trx, [...articleIds]);
  }

  private async importedComment({ comment, articleId, status }: QueuedComment) {
    const parent = comment.parent === "0" ? undefined : await this.link("comment", comment.parent);
    return {
      articleId,
      parentId: parent?.targetId ?? null,
      authorName: comment.author,
      authorEmail: comment.email.toLowerCase(),
      body: wordpressToPlainText(comment.content),
      status,
      createdAt: wordpressTime(comment.dateGmt) ?? this.now,
    };
  }
}
