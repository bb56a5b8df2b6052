import type { I18n } from "../../../i18n/i18n.js";
import { type Child, h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { PublicComment } from "../comment.js";
import { MAX_COMMENT_LENGTH } from "../comment.text.js";
import { CommentBody } from "./comment-thread.js";

/** A small page about comments, never cached and never indexed. */
export function CommentPage(props: { chrome: SiteChrome; title: string; path: string; children?: Child }) {
  return (
    <Layout
      chrome={props.chrome}
      meta={{ title: props.title, path: props.path, noindex: true }}
      head={<link rel="stylesheet" href={props.chrome.assetUrl("comments.css")} />}
    >
      <section class="comment-page" aria-labelledby="comment-page-title">
        <h1 id="comment-page-title">{props.title}</h1>
        {props.children}
      </section>
    </Layout>
  );
}

/** A comment quoted on a page of its own (the one being replied to, reported or edited). */
export function QuotedComment(props: { chrome: SiteChrome; comment: PublicComment }) {
  return (
    <blockquote class="comment comment-quoted">
      <CommentBody comment={props.comment} dates={props.chrome.i18n} />
    </blockquote>
  );
}

export function EditForm(props: { i18n: I18n; action: string; body: string; error?: string; csrf?: Child }) {
  const { t } = props.i18n;
  return (
    <form class="comment-form" method="post" action={props.action}>
      {props.csrf}
      {props.error ? (
        <p class="form-notice form-notice-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <label>
        {t("comments.field")}
        <textarea name="body" required rows="8" maxlength={MAX_COMMENT_LENGTH}>
          {props.body}
        </textarea>
      </label>
      <button type="submit">{t("comments.save")}</button>
    </form>
  );
}

export function ReportForm(props: { i18n: I18n; commentId: number }) {
  const { t } = props.i18n;
  return (
    <form class="comment-form" method="post" action={`/comments/${props.commentId}/report`}>
      <p>{t("comments.reportQuestion")}</p>
      <button type="submit">{t("comments.reportButton")}</button>
    </form>
  );
}
