import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import { SizedCache, stringBytes } from "../../core/sized-cache.js";
import type { AppContext } from "../../http/context.js";
import type { LiveContent } from "../../http/page-response.js";
import { Fragment, h } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import type { Reader } from "../readers/reader.js";
import { currentReader, hasReaderCookie } from "../readers/reader-session.js";
import { type CommentOrder, THREADS_PER_PAGE } from "./comment.js";
import {
  listOwnComments,
  listThreadIds,
  loadThreads,
  readCounter,
  toPublicComment,
} from "./comment.repository.js";
import { canEditOwn, EDIT_WINDOW_MS } from "./comment.rules.js";
import { buildThreads } from "./comment.thread.js";
import { stampForm } from "./form-stamp.js";
import { type CommentDraft, CommentForm, OwnComments } from "./views/comment-form.js";
import { CommentThread, type ThreadPage } from "./views/comment-thread.js";

export const COMMENTER_COOKIE = "masthead_commenter";
const TWO_YEARS_S = 2 * 365 * 24 * 3600;
const STAMP_MARK = "\u0000stamp\u0000";
/** Rendered public threads: the most read articles' first pages (one big thread can be megabytes). */
const THREAD_FRAGMENT_BYTES = 16 * 1024 * 1024;
/** Cookie-less comment forms, a few kilobytes an article. */
const ANONYMOUS_FORM_BYTES = 4 * 1024 * 1024;

export interface CommentableArticle {
  id: number;
  slug: string;
  commentsClosed: boolean;
}

/** The guest commenter key from the signed cookie issued with their first comment, if any. */
export function readGuestKey(request: FastifyRequest): string | null {
  const raw = request.cookies[COMMENTER_COOKIE];
  if (raw === undefined) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value && /^[\w-]{22}$/.test(unsigned.value)
    ? `guest:${unsigned.value}`
    : null;
}

export function issueGuestKey(reply: FastifyReply, secure: Config["secureCookies"]): string {
  const id = randomBytes(16).toString("base64url");
  reply.setCookie(COMMENTER_COOKIE, id, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: TWO_YEARS_S,
  });
  return `guest:${id}`;
}

/**
 * The comments under an article, split as the page cache needs: the public thread (shared by all,
 * rendered once per change of the article's comments and kept as a fragment) and the live part
 * (the form, and a commenter's own held comments, which nobody else may see).
 */
export class ArticleComments {
  /**
   * Kept as bytes, as the forms below are: outside the JavaScript heap, where every young collection
   * would otherwise copy each newly kept thread, and its rope of concatenated pieces, before promoting it.
   */
  private readonly fragments = new SizedCache<string, { version: number; count: number; html: Buffer }>(
    THREAD_FRAGMENT_BYTES,
  );
  /** The form as a cookie-less visitor gets it, per article: the bytes before and after its time stamp. */
  private readonly anonymousForms = new SizedCache<
    string,
    {
      article: CommentableArticle;
      template: { before: Buffer; after: Buffer };
      filled?: { stamp: string; live: LiveContent };
    }
  >(ANONYMOUS_FORM_BYTES);
  private stamp = { second: -1, value: "" };

  constructor(
    private readonly ctx: AppContext,
    private readonly secret: string,
  ) {
    ctx.caches.register("comment threads", this.fragments);
    ctx.caches.register("comment forms", this.anonymousForms);
  }

  /**
   * One page of an article's public thread, rendered, with the article's count of approved comments;
   * undefined past the last page.
   */
  async thread(
    article: CommentableArticle,
    page: number,
    order: CommentOrder,
    chrome: SiteChrome,
  ): Promise<{ count: number; html: string } | undefined> {
    const { db } = this.ctx.storage;
    const { commentsOpenTo, language, timeZone } = chrome.settings;
    // Everything the fragment depends on besides the comments themselves (whose version is checked below).
    const key = [article.id, page, order, commentsOpenTo, article.commentsClosed, language, timeZone].join(
      ":",
    );
    const { version, approved } = await readCounter(db, article.id);
    const cached = this.fragments.get(key);
    if (cached?.version === version) return { count: cached.count, html: cached.html.toString() };
    // One thread more than a page holds says whether there is a next page, without counting them all.
    const pageAndNext = await listThreadIds(db, article.id, { order, page });
    const threadIds = pageAndNext.slice(0, THREADS_PER_PAGE);
    if (page > 1 && threadIds.length === 0) return undefined;
    const rows = (await loadThreads(db, article.id, threadIds)).map(toPublicComment);
    const threadPage: ThreadPage = {
      threads: buildThreads(rows, (comment) => comment.status === "approved", threadIds),
      page,
      order,
      hasNext: pageAndNext.length > THREADS_PER_PAGE,
      count: approved,
    };
    const open = chrome.settings.commentsOpenTo !== "nobody" && !article.commentsClosed;
    const html = (<CommentThread slug={article.slug} thread={threadPage} dates={chrome.i18n} open={open} />)
      .value;
    const bytes = Buffer.from(html);
    this.fragments.set(key, { version, count: approved, html: bytes }, stringBytes(key) + bytes.length);
    return { count: approved, html };
  }

  /** The form stamp for this second, signed once per second rather than once per page view. */
  private currentStamp(): string {
    const second = Math.floor(this.ctx.clock() / 1000);
    if (this.stamp.second !== second) this.stamp = { second, value: stampForm(this.secret, second * 1000) };
    return this.stamp.value;
  }

  /** Remembers how this article's form looks to a cookie-less visitor; called when its page is rendered. */
  rememberArticle(article: CommentableArticle, chrome: SiteChrome) {
    const context = {
      slug: article.slug,
      settings: chrome.settings,
      commentsClosed: article.commentsClosed,
      reader: null,
      i18n: chrome.i18n,
      stamp: STAMP_MARK,
    };
    const [before = "", after = ""] = (<CommentForm context={context} />).value.split(STAMP_MARK);
    const template = { before: Buffer.from(before), after: Buffer.from(after) };
    const templateBytes = template.before.length + template.after.length;
    // The template, and once filled in with a stamp the form's bytes: about as many again.
    this.anonymousForms.set(
      article.slug,
      { article, template },
      stringBytes(article.slug) + 2 * templateBytes,
    );
  }

  /** The form (and the commenter's own held comments) for this request: the page's live comments part. */
  async live(
    request: FastifyRequest,
    slug: string,
    loadArticle: () => Promise<CommentableArticle | undefined>,
  ): Promise<LiveContent> {
    const stamp = this.currentStamp();
    const remembered = this.anonymousForms.get(slug);
    const guestKey = readGuestKey(request);
    if (remembered && !guestKey && !hasReaderCookie(request)) {
      // The stamp changes once a second; until then every cookie-less visitor gets the same bytes.
      if (remembered.filled?.stamp !== stamp) {
        const { before, after } = remembered.template;
        const live = { bytes: Buffer.concat([before, Buffer.from(stamp), after]), tag: stamp.slice(0, 13) };
        remembered.filled = { stamp, live };
      }
      return remembered.filled.live;
    }
    const article = remembered?.article ?? (await loadArticle());
    if (!article) return { html: "", tag: "none" };
    const html = await this.formFor(request, article, { stamp, guestKey });
    return { html, tag: createHash("sha1").update(html).digest("base64url").slice(0, 12) };
  }

  /** The form for one request, with the commenter's own comments and whatever they typed (after an error). */
  async formFor(
    request: FastifyRequest,
    article: CommentableArticle,
    options: {
      stamp?: string;
      guestKey?: string | null;
      draft?: CommentDraft;
      error?: string;
      reader?: Reader | null;
    } = {},
  ): Promise<string> {
    const { db } = this.ctx.storage;
    const now = this.ctx.clock();
    const chrome = await this.ctx.loadChrome();
    const reader = options.reader !== undefined ? options.reader : await currentReader(db, request, now);
    const authorKey = reader ? `reader:${reader.id}` : (options.guestKey ?? readGuestKey(request));
    const own = authorKey
      ? (await listOwnComments(db, authorKey, article.id, now - EDIT_WINDOW_MS)).map(toPublicComment)
      : [];
    const editable = new Set(
      own.filter((comment) => canEditOwn(comment.createdAt, now)).map((comment) => comment.id),
    );
    const context = {
      slug: article.slug,
      settings: chrome.settings,
      commentsClosed: article.commentsClosed,
      reader,
      i18n: chrome.i18n,
      stamp: options.stamp ?? stampForm(this.secret, now),
    };
    return (
      <>
        <OwnComments comments={own} i18n={chrome.i18n} editableIds={editable} />
        <CommentForm context={context} draft={options.draft} error={options.error} />
      </>
    ).value;
  }
}
