import { badRequest, notFound } from "../../core/errors.js";
import type { Db, Storage } from "../../storage/storage.js";
import { loadEditableArticle } from "../articles/article.editing.js";
import type { Mailer } from "../mail/mailer.js";
import { type RenderedIssue, renderIssue, UNSUBSCRIBE_PLACEHOLDER } from "./issue.render.js";
import { queueIssue } from "./issue.service.js";
import type { Newsletter } from "./newsletter.js";
import { findNewsletter } from "./newsletter.repository.js";
import type { ArticleMailMode } from "./newsletter.table.js";

export const ARTICLE_MAIL_MODES: readonly (readonly [ArticleMailMode, string])[] = [
  ["site-and-email", "Publish and e-mail"],
  ["site", "Publish only"],
  ["email", "E-mail only (the story stays off the site)"],
];
export const DEFAULT_MAIL_MODE: ArticleMailMode = "site-and-email";

export async function articleMailMode(db: Db, articleId: number): Promise<ArticleMailMode> {
  const row = await db
    .selectFrom("newsletter_article_modes")
    .select("mode")
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return row?.mode ?? DEFAULT_MAIL_MODE;
}

/** The articles among these that are not mailed when published (publish only, or e-mail only: sent by hand). */
export async function articlesNotMailedOnPublish(
  db: Db,
  articleIds: readonly number[],
): Promise<Set<number>> {
  if (articleIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("newsletter_article_modes")
    .select("article_id")
    .where("article_id", "in", articleIds)
    .where("mode", "in", ["site", "email"])
    .execute();
  return new Set(rows.map((row) => row.article_id));
}

export async function chooseArticleMailMode(db: Db, articleId: number, mode: ArticleMailMode, now: number) {
  await loadEditableArticle(db, articleId);
  await db
    .insertInto("newsletter_article_modes")
    .values({ article_id: articleId, mode, updated_at: now })
    .onConflict((conflict) => conflict.column("article_id").doUpdateSet({ mode, updated_at: now }))
    .execute();
}

interface MailRequest {
  articleId: number;
  newsletterId: number;
  siteUrl: string;
  siteTitle: string;
  now: number;
}

/** The story as it stands in the editor (saved, not necessarily published), as its newsletter would carry it. */
async function storyFor(db: Db, request: MailRequest) {
  const newsletter = await findNewsletter(db, request.newsletterId);
  if (!newsletter) throw notFound("Newsletter");
  const { article, input } = await loadEditableArticle(db, request.articleId);
  const mode = await articleMailMode(db, article.id);
  const story = {
    article: { ...article, publishedAt: article.publishedAt ?? request.now },
    attributions: input.attributions,
  };
  return { newsletter, article, mode, story };
}

const frameOf = (request: MailRequest, newsletter: Newsletter, mode: ArticleMailMode) => ({
  siteUrl: request.siteUrl,
  siteTitle: request.siteTitle,
  newsletterName: newsletter.name,
  online: mode !== "email",
});

/** The e-mail this article would make, for the editor's preview (the unsubscribe link points to /account/). */
export async function previewArticleMail(db: Db, request: MailRequest): Promise<RenderedIssue> {
  const { newsletter, mode, story } = await storyFor(db, request);
  const rendered = await renderIssue([story], frameOf(request, newsletter, mode));
  const stand = `${request.siteUrl}/account/`;
  return {
    subject: rendered.subject,
    html: rendered.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, stand),
    text: rendered.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, stand),
  };
}

/** "Send a test to me": the same e-mail, to the staff member's own address only. */
export async function sendTestArticleMail(db: Db, mailer: Mailer, request: MailRequest & { to: string }) {
  const mail = await previewArticleMail(db, request);
  await mailer.send({ to: request.to, subject: `[Test] ${mail.subject}`, text: mail.text, html: mail.html });
}

/**
 * An e-mail-only story goes out now to a newsletter's subscribers and stays off the site (it must not
 * be published). Its key is the article's, so it is never sent to that newsletter twice.
 */
export async function sendEmailOnlyStory(storage: Storage, request: MailRequest) {
  const { newsletter, article, mode, story } = await storyFor(storage.db, request);
  if (mode !== "email") throw badRequest('Choose "E-mail only" for this story first.');
  if (article.status !== "draft")
    throw badRequest("This story is on the site: unpublish it, or choose Publish and e-mail.");
  return queueIssue(storage, {
    newsletterId: newsletter.id,
    issueKey: `article:${article.id}`,
    stories: [story],
    siteUrl: request.siteUrl,
    siteTitle: request.siteTitle,
    now: request.now,
    online: false,
  });
}
