import { type Child, h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { PublicComment } from "../comment.js";
import { MAX_COMMENT_LENGTH } from "../comment.text.js";
import { CommentBody } from "./comment-thread.js";

const datesOf = (chrome: SiteChrome) => ({
  language: chrome.settings.language,
  timeZone: chrome.settings.timeZone,
});

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
      <CommentBody comment={props.comment} dates={datesOf(props.chrome)} />
    </blockquote>
  );
}

export function EditForm(props: { action: string; body: string; error?: string; csrf?: Child }) {
  return (
    <form class="comment-form" method="post" action={props.action}>
      {props.csrf}
      {props.error ? (
        <p class="form-notice form-notice-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <label>
        Comment
        <textarea name="body" required rows="8" maxlength={MAX_COMMENT_LENGTH}>
          {props.body}
        </textarea>
      </label>
      <button type="submit">Save</button>
    </form>
  );
}

export function ReportForm(props: { commentId: number }) {
  return (
    <form class="comment-form" method="post" action={`/comments/${props.commentId}/report`}>
      <p>Does this comment break the rules (abuse, spam, illegal content)? Reports go to our moderators.</p>
      <button type="submit">Report this comment</button>
    </form>
  );
}
