import type { FormProblem } from "../../../http/forms.js";
import { formatDateTime } from "../../../views/format.js";
import { Fragment, h, trustedHtml } from "../../../views/jsx.js";
import { ListTable } from "../../../views/list-table.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import { displayName } from "../comment.js";
import type { QueueView } from "../comment.repository.js";
import type { ModerationAction } from "../comment.service.js";
import type { CommentRow } from "../comment.table.js";
import { commentHtml } from "../comment.text.js";

/** Why a comment was held (set by decideStatus and the moderation actions), for the moderator. */
const REASONS: Record<string, string> = {
  links: "More than two links",
  "banned-word": "Contains a banned word",
  "earlier-spam": "This commenter had a comment marked spam",
  policy: "Every comment is held",
  "first-time": "First comment from this commenter",
  reported: "Reported by readers",
  edited: "Edited after posting",
};

/** Each row's own buttons: every action except the one that would leave the comment where it is. */
const ROW_ACTIONS: [ModerationAction, string][] = [
  ["approve", "Approve"],
  ["spam", "Spam"],
  ["remove", "Remove"],
];
const STAYS_IN: Partial<Record<QueueView, ModerationAction>> = { approved: "approve", spam: "spam" };

function RowActions(props: { id: number; queue: QueueView }) {
  return (
    <div class="row-actions">
      {ROW_ACTIONS.filter(([action]) => STAYS_IN[props.queue] !== action).map(([action, label]) => (
        <button
          type="submit"
          class={action === "remove" ? "danger" : "secondary"}
          formaction={`/admin/comments/${props.id}/moderate`}
          formnovalidate
          name="action"
          value={action}
          aria-label={`${label} comment ${props.id}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function Commenter(props: { comment: CommentRow }) {
  const { comment } = props;
  return (
    <>
      {displayName({ authorName: comment.author_name })}
      <br />
      <small>{comment.author_email ?? ""}</small>
      {comment.author_email ? (
        <>
          <br />
          <button type="submit" class="link-button" formaction={`/admin/comments/${comment.id}/ban`}>
            Ban this commenter
          </button>
        </>
      ) : null}
    </>
  );
}

const VIEWS: [QueueView, string][] = [
  ["pending", "Held"],
  ["reported", "Reported"],
  ["spam", "Spam"],
  ["approved", "Published"],
];

export function ModerationPage(props: {
  view: AdminView;
  queue: QueueView;
  comments: CommentRow[];
  articles: Map<number, { title: string; slug: string }>;
  timeZone: string;
  /** More comments are in this queue than shown. */
  truncated?: boolean;
  /** Why the bulk action was refused (nothing ticked), shown beside its buttons. */
  problem?: FormProblem | undefined;
}) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  return (
    <AdminLayout view={props.view} title="Reader comments">
      <nav class="tabs" aria-label="Queues">
        {VIEWS.map(([queue, label]) => (
          <a
            href={`/admin/comments/?queue=${queue}`}
            aria-current={queue === props.queue ? "page" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <form class="inline" method="post" action="/admin/comments/bans">
        <CsrfField view={props.view} />
        <label>
          Ban an e-mail address from commenting <input type="email" name="email" required maxlength={320} />
        </label>{" "}
        <button type="submit">Ban</button>
      </form>
      {props.comments.length === 0 ? (
        <p>Nothing here.</p>
      ) : (
        <form method="post" action="/admin/comments/moderate">
          <CsrfField view={props.view} />
          <input type="hidden" name="queue" value={props.queue} />
          <ListTable
            rows={props.comments}
            class="comment-queue"
            rowId={(comment) => `queued-${comment.id}`}
            columns={[
              {
                head: "Select",
                cell: (comment) => (
                  <input
                    type="checkbox"
                    name="id"
                    value={String(comment.id)}
                    aria-label={`Select comment ${comment.id}`}
                  />
                ),
              },
              {
                head: "Comment",
                cell: (comment) => [
                  <div class="comment-text">{trustedHtml(commentHtml(comment.body))}</div>,
                  <small>
                    {when(comment.created_at)} · {comment.status} ·{" "}
                    <a href={`/admin/comments/${comment.id}/edit`}>Edit</a>
                  </small>,
                ],
              },
              { head: "Commenter", cell: (comment) => <Commenter comment={comment} /> },
              {
                head: "Article",
                cell: (comment) => {
                  const article = props.articles.get(comment.article_id);
                  return article ? <a href={`/${article.slug}/#comments`}>{article.title}</a> : null;
                },
              },
              {
                head: "Why",
                cell: (comment) => [
                  REASONS[comment.held_reason ?? ""] ?? comment.held_reason ?? "—",
                  comment.flags > 0 ? <small> ({comment.flags} reports)</small> : null,
                ],
              },
              { head: "Actions", cell: (comment) => <RowActions id={comment.id} queue={props.queue} /> },
            ]}
          />
          {props.truncated ? (
            <p>Only the first {props.comments.length} are shown; the rest follow as these are handled.</p>
          ) : null}
          {props.problem ? (
            <p class="notice notice-error" role="alert" id="id-error">
              {props.problem.message}
            </p>
          ) : null}
          <p class="bulk-actions">
            With the ticked comments:{" "}
            <button type="submit" name="action" value="approve">
              Approve
            </button>{" "}
            <button type="submit" name="action" value="spam">
              Mark as spam
            </button>{" "}
            <button type="submit" class="danger" name="action" value="remove">
              Remove
            </button>
          </p>
        </form>
      )}
    </AdminLayout>
  );
}

export function StaffEditPage(props: { view: AdminView; comment: CommentRow; error?: string }) {
  return (
    <AdminLayout view={props.view} title={`Edit comment ${props.comment.id}`}>
      <form class="stacked" method="post" action={`/admin/comments/${props.comment.id}/edit`}>
        <CsrfField view={props.view} />
        {props.error ? (
          <p class="notice notice-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <label>
          Comment by {displayName({ authorName: props.comment.author_name })}
          <textarea name="body" rows={10} required>
            {props.comment.body}
          </textarea>
        </label>
        <button type="submit">Save</button>
      </form>
      <form class="stacked" method="post" action="/admin/comments/moderate">
        <CsrfField view={props.view} />
        <input type="hidden" name="id" value={String(props.comment.id)} />
        <button type="submit" class="danger" name="action" value="remove">
          Remove this comment
        </button>
      </form>
    </AdminLayout>
  );
}
