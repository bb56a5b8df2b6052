import type { FastifyRequest } from "fastify";
import { notFound } from "../core/errors.js";
import { SizedCache, stringBytes } from "../core/sized-cache.js";
import { isSlug } from "../core/slug.js";
import {
  findCommentableArticle,
  findMovedArticleSlug,
  findPublicArticle,
  publicArticleIdReader,
} from "../features/articles/article.queries.js";
import { articlePath } from "../features/articles/views/article-card.js";
import type { ArticleComments } from "../features/comments/article-comments.js";
import { countLabel } from "../features/comments/views/comment-thread.js";
import { DonationAppeal } from "../features/donations/views/donation-appeal.js";
import { publicNewslettersReader } from "../features/newsletters/newsletter.repository.js";
import { NewsletterSignup } from "../features/newsletters/views/newsletter-pages.js";
import { mayHaveVoted, ownVote } from "../features/votes/own-vote.js";
import { VoteWidget } from "../features/votes/views/vote-widget.js";
import { summarizeVotes, type VoteCounts } from "../features/votes/vote.math.js";
import { countsBySlugReader } from "../features/votes/vote.repository.js";
import type { AppContext } from "../http/context.js";
import { redirectToLowercaseSlug } from "../http/lowercase-slug.js";
import { PAGE_HOLE } from "../http/page-cache.js";
import { type LiveContent, sendPage } from "../http/page-response.js";
import type { Router } from "../http/schemas.js";
import type { I18n } from "../i18n/i18n.js";
import { h, renderDocument, trustedHtml } from "../views/jsx.js";
import { ArticlePage } from "./article-page.js";

/** The vote widget as readers without a vote of their own see it, kept per article (about 1 KB each). */
const VOTE_WIDGET_BYTES = 2 * 1024 * 1024;

/** `/:slug/`: the composed article page, from the shared cache; old slugs answer 301. */
export async function articlePageRoutes(
  app: Router,
  ctx: AppContext,
  comments: ArticleComments,
): Promise<void> {
  const widgets = new SizedCache<string, LiveContent>(VOTE_WIDGET_BYTES);
  ctx.caches.register("vote widgets", widgets);
  /** The site's language as of the newest page render: a change of language re-renders the pages first. */
  let widgetI18n: I18n | undefined;
  const readCountsBySlug = countsBySlugReader(ctx.storage);
  const findArticleId = publicArticleIdReader(ctx.storage);
  const readNewsletters = publicNewslettersReader(ctx.storage);
  /** The widget as a reader who may have voted on this article sees it: their vote shown pressed. */
  async function ownWidget(request: FastifyRequest, slug: string, counts: VoteCounts, i18n: I18n) {
    const articleId = await findArticleId(slug, ctx.clock());
    const mine = articleId === undefined ? 0 : await ownVote(ctx.storage.db, request, articleId, ctx.clock());
    const html = (<VoteWidget slug={slug} summary={summarizeVotes(counts)} mine={mine} i18n={i18n} />).value;
    const tag = `${i18n.locale}-${counts.up}-${counts.down}`;
    return { tag: mine === 0 ? tag : `${tag}-${mine === 1 ? "up" : "down"}`, html };
  }

  /**
   * The vote widget from the live counters and the reader's own vote. Most requests carry no cookie, so
   * have no vote to show: they get the widget kept per article, re-rendered only when the counts differ
   * from last time, with no other await (this runs on every view of a cached page).
   */
  async function liveVotes(request: FastifyRequest, slug: string): Promise<LiveContent> {
    const counts = await readCountsBySlug(slug);
    const i18n = widgetI18n ?? (await ctx.loadChrome()).i18n;
    if (mayHaveVoted(request)) return ownWidget(request, slug, counts, i18n);
    const tag = `${i18n.locale}-${counts.up}-${counts.down}`;
    const cached = widgets.get(slug);
    if (cached?.tag === tag) return cached;
    const html = (<VoteWidget slug={slug} summary={summarizeVotes(counts)} mine={0} i18n={i18n} />).value;
    const live = { tag, bytes: Buffer.from(html) };
    widgets.set(slug, live, stringBytes(slug, tag) + live.bytes.length);
    return live;
  }

  app.get<{ Params: { slug: string } }>("/:slug/", async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return redirectToLowercaseSlug(request, reply, slug, articlePath);
    const page = await ctx.pageCache.get(`article/${slug}`, async () => {
      const [detail, chrome, newsletters] = await Promise.all([
        findPublicArticle(ctx.storage.db, slug, ctx.clock()),
        ctx.loadChrome(),
        readNewsletters(),
      ]);
      if (!detail) return null;
      const { article } = detail;
      // A page (About, Contact) has no votes, comments or appeal: it leaves their slots out.
      if (article.kind === "page") {
        return { body: renderDocument(<ArticlePage detail={detail} chrome={chrome} parts={{}} />) };
      }
      const { settings } = chrome;
      widgetI18n = chrome.i18n;
      const commentable = { id: article.id, slug: article.slug, commentsClosed: article.commentsClosed };
      // The public thread is a fragment kept per article; the form with the reader's own comments is live.
      const thread = await comments.thread(commentable, 1, "oldest", chrome);
      comments.rememberArticle(commentable, chrome);
      const count = thread?.count ?? 0;
      const parts = {
        votes: trustedHtml(PAGE_HOLE),
        donationAppeal:
          settings.donationAppeal || settings.readerAppeal ? (
            <DonationAppeal settings={settings} i18n={chrome.i18n} />
          ) : undefined,
        newsletterSignup:
          newsletters.length > 0 ? (
            <NewsletterSignup newsletters={newsletters} i18n={chrome.i18n} />
          ) : undefined,
        comments: trustedHtml(`${thread?.html ?? ""}${PAGE_HOLE}`),
        commentCount: <a href="#comments">{countLabel(chrome.i18n, count)}</a>,
      };
      return { body: renderDocument(<ArticlePage detail={detail} chrome={chrome} parts={parts} />) };
    });
    if (page) {
      const live = await Promise.all([
        liveVotes(request, slug),
        comments.live(request, slug, () => findCommentableArticle(ctx.storage.db, slug, ctx.clock())),
      ]);
      return sendPage(request, reply, page, live);
    }
    const movedTo = await findMovedArticleSlug(ctx.storage.db, slug);
    if (movedTo) return reply.redirect(articlePath(movedTo), 301);
    throw notFound();
  });

  app.get<{ Params: { slug: string } }>("/:slug", async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return redirectToLowercaseSlug(request, reply, slug, articlePath);
    return reply.redirect(articlePath(slug), 301);
  });
}
