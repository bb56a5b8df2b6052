import type { I18n } from "../../../i18n/i18n.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import type { Reader } from "../../readers/reader.js";
import { SignInForm } from "../../readers/views/account-pages.js";
import type { SiteSettings } from "../../settings/settings.js";
import type { PublicComment } from "../comment.js";
import { MAX_COMMENT_LENGTH } from "../comment.text.js";
import { CommentBody } from "./comment-thread.js";

/** What the reader typed, to show again when the comment could not be posted. */
export interface CommentDraft {
  body?: string;
  name?: string;
  email?: string;
  notify?: boolean;
  parentId?: number;
}

export interface FormContext {
  slug: string;
  settings: Pick<SiteSettings, "commentsOpenTo">;
  commentsClosed: boolean;
  reader: Reader | null;
  i18n: I18n;
  /** The signed time the form was shown (see form-stamp.ts). */
  stamp: string;
}

/** Whether this page shows a form at all, and why not. */
function Closed(props: { context: FormContext; children?: Child }) {
  const { context } = props;
  const { t } = context.i18n;
  if (context.settings.commentsOpenTo === "nobody" || context.commentsClosed) {
    return <p class="comments-closed">{t("comments.closed")}</p>;
  }
  if (context.settings.commentsOpenTo === "readers" && !context.reader) {
    return (
      <div class="comments-sign-in">
        <p>{t("comments.signInToComment")}</p>
        <SignInForm i18n={context.i18n} returnTo={`/${context.slug}/#respond`} />
      </div>
    );
  }
  return <>{props.children}</>;
}

/** A guest commenter's name or e-mail address, as typed before. */
function ContactField(props: {
  label: string;
  type: "text" | "email";
  name: "name" | "email";
  maxlength: string;
  draft: CommentDraft;
}) {
  return (
    <label>
      {props.label}
      <input
        type={props.type}
        name={props.name}
        required
        maxlength={props.maxlength}
        autocomplete={props.name}
        value={props.draft[props.name] ?? ""}
      />
    </label>
  );
}

/**
 * The comment form. It posts without JavaScript; comments.js turns its replies inline. The
 * "website" field is a trap for bots (hidden from people by comments.css); the stamp tells the
 * server how long ago the form was shown.
 */
export function CommentForm(props: {
  context: FormContext;
  draft?: CommentDraft;
  error?: string;
  title?: string;
}) {
  const { context } = props;
  const { t, rich } = context.i18n;
  const draft = props.draft ?? {};
  return (
    <Closed context={context}>
      <form
        class="comment-form"
        id="respond"
        method="post"
        action={`/${context.slug}/comments`}
        data-reply-to={t("comments.page.replyTo")}
        data-save={t("comments.save")}
        data-cancel={t("comments.form.cancel")}
      >
        <h2 class="comment-form-title">{props.title ?? t("comments.form.title")}</h2>
        {props.error ? (
          <p class="form-notice form-notice-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <input
          type="hidden"
          name="parent_id"
          value={draft.parentId === undefined ? "" : String(draft.parentId)}
        />
        <input type="hidden" name="stamp" value={context.stamp} />
        {context.reader ? (
          <p class="comment-as">
            {rich("comments.form.as", {
              name: <strong>{context.reader.displayName}</strong>,
              account: <a href="/account/">{t("comments.form.yourAccount")}</a>,
            })}
          </p>
        ) : (
          <>
            <p class="comment-form-hint">
              {rich("comments.form.hint", {
                signIn: <a href={`/account/?return_to=/${context.slug}/`}>{t("comments.form.signIn")}</a>,
              })}
            </p>
            <ContactField
              label={t("comments.form.name")}
              type="text"
              name="name"
              maxlength="80"
              draft={draft}
            />
            <ContactField
              label={t("account.email")}
              type="email"
              name="email"
              maxlength="320"
              draft={draft}
            />
          </>
        )}
        <label class="comment-hp" aria-hidden="true">
          {t("comments.form.trap")}
          <input type="text" name="website" tabindex="-1" autocomplete="off" value="" />
        </label>
        <label>
          {t("comments.field")}
          <textarea name="body" required rows="6" maxlength={MAX_COMMENT_LENGTH}>
            {draft.body ?? ""}
          </textarea>
        </label>
        <label class="comment-notify">
          <input type="checkbox" name="notify" value="1" checked={draft.notify === true} />{" "}
          {t("comments.form.notify")}
        </label>
        <button type="submit">{t("comments.form.post")}</button>
      </form>
    </Closed>
  );
}

/** A comment its author has just posted or still may edit: held ones say so, and only they see them. */
export function PostedComment(props: { comment: PublicComment; i18n: I18n; editable: boolean }) {
  const { comment, i18n } = props;
  const pending = comment.status === "pending";
  return (
    <li
      class={pending ? "comment comment-pending" : "comment"}
      id={`comment-${comment.id}`}
      data-comment-id={pending ? undefined : comment.id}
      data-parent={comment.parentId ?? undefined}
    >
      <article>
        {pending ? <p class="comment-awaiting">{i18n.t("comments.awaiting")}</p> : null}
        <CommentBody
          comment={comment}
          dates={i18n}
          actions={
            props.editable ? (
              <p class="comment-actions">
                <a class="comment-edit-link" href={`/comments/${comment.id}/edit`} data-edit={comment.id}>
                  {i18n.t("comments.editLink")}
                </a>
              </p>
            ) : null
          }
        />
      </article>
    </li>
  );
}

/**
 * The commenter's own held comments (only they see them), and links to edit their published ones
 * while the edit window lasts (those already stand in the thread).
 */
export function OwnComments(props: {
  comments: PublicComment[];
  i18n: I18n;
  editableIds: ReadonlySet<number>;
}) {
  const held = props.comments.filter((comment) => comment.status === "pending");
  const editable = props.comments.filter(
    (comment) => comment.status === "approved" && props.editableIds.has(comment.id),
  );
  if (held.length === 0 && editable.length === 0) return null;
  const { t, rich } = props.i18n;
  return (
    <section class="own-comments" aria-label={t("comments.yours")}>
      {held.length > 0 ? (
        <ol class="comment-list">
          {held.map((comment) => (
            <PostedComment comment={comment} i18n={props.i18n} editable={props.editableIds.has(comment.id)} />
          ))}
        </ol>
      ) : null}
      {editable.map((comment) => (
        <p class="own-edit">
          {rich("comments.stillEditable", {
            edit: (
              <a class="comment-edit-link" href={`/comments/${comment.id}/edit`} data-edit={comment.id}>
                {t("comments.editYours")}
              </a>
            ),
            thisOne: <a href={`#comment-${comment.id}`}>{t("comments.thisOne")}</a>,
          })}
        </p>
      ))}
    </section>
  );
}
