import type { I18n } from "../../../i18n/i18n.js";
import type { Db } from "../../../storage/storage.js";
import { isoDate } from "../../../views/format.js";
import { type Child, Fragment, h, trustedHtml } from "../../../views/jsx.js";
import { Pagination } from "../../../views/pagination.js";
import { withQuery } from "../../../views/query-string.js";
import { type CommentOrder, displayName, type PublicComment } from "../comment.js";
import { approvedCounts } from "../comment.repository.js";
import { commentHtml } from "../comment.text.js";
import type { ThreadNode } from "../comment.thread.js";

/** The site's language (`chrome.i18n`): comment dates and the thread's own words. */
export type DateStyle = I18n;

export const commentsPath = (slug: string, page: number, order: CommentOrder) => {
  if (page === 1 && order === "oldest") return `/${slug}/#comments`;
  return withQuery(`/${slug}/comments/`, {
    page: page > 1 ? page : undefined,
    order: order === "newest" && order,
  });
};

export const countLabel = (i18n: I18n, count: number) => i18n.t("comments.count", { count });

/** One comment's name, time, text and actions; `note` says whom a flat-listed reply answers. */
export function CommentBody(props: {
  comment: PublicComment;
  dates: DateStyle;
  note?: string;
  actions?: Child;
}) {
  const { comment, dates } = props;
  return (
    <>
      <header class="comment-meta">
        <span
          class={comment.authorName === null ? "comment-author comment-author-deleted" : "comment-author"}
        >
          {displayName(comment)}
        </span>{" "}
        <a class="comment-permalink" href={`#comment-${comment.id}`}>
          <time datetime={isoDate(comment.createdAt)}>{dates.dateTime(comment.createdAt)}</time>
        </a>
        {comment.editedAt !== null ? <span class="comment-edited"> {dates.t("comments.edited")}</span> : null}
        {props.note ? (
          <span class="comment-in-reply-to"> {dates.t("comments.inReplyTo", { name: props.note })}</span>
        ) : null}
      </header>
      <div class="comment-text">{trustedHtml(commentHtml(comment.body))}</div>
      {props.actions}
    </>
  );
}

function CommentItem(props: { node: ThreadNode; dates: DateStyle; open: boolean }) {
  const { node, dates } = props;
  const replies =
    node.replies.length > 0 ? (
      <ol class="comment-replies">
        {node.replies.map((reply) => (
          <CommentItem node={reply} dates={dates} open={props.open} />
        ))}
      </ol>
    ) : null;
  if (!node.comment) {
    return (
      <li class="comment comment-unavailable" id={`comment-${node.id}`}>
        <p class="comment-text">{dates.t("comments.unavailable")}</p>
        {replies}
      </li>
    );
  }
  const { comment } = node;
  const actions = (
    <p class="comment-actions">
      {props.open ? (
        <a class="comment-reply-link" href={`/comments/${comment.id}/reply`} data-reply-to={comment.id}>
          {dates.t("comments.reply")}
        </a>
      ) : null}{" "}
      <a class="comment-report-link" href={`/comments/${comment.id}/report`} rel="nofollow">
        {dates.t("comments.report")}
      </a>
    </p>
  );
  return (
    <li class="comment" id={`comment-${comment.id}`} data-comment-id={comment.id}>
      <article>
        <CommentBody comment={comment} dates={dates} note={node.inReplyTo} actions={actions} />
      </article>
      {replies}
    </li>
  );
}

export interface ThreadPage {
  threads: ThreadNode[];
  page: number;
  order: CommentOrder;
  hasNext: boolean;
  /** Approved comments on the article. */
  count: number;
}

/** The public thread of one page: shared by every reader, so it holds nothing about any one of them. */
export function CommentThread(props: { slug: string; thread: ThreadPage; dates: DateStyle; open: boolean }) {
  const { slug, thread, dates } = props;
  const { t } = dates;
  const other: CommentOrder = thread.order === "oldest" ? "newest" : "oldest";
  return (
    <>
      <h2 class="comments-title">{countLabel(dates, thread.count)}</h2>
      {thread.count > 1 ? (
        <p class="comments-order">
          {t(`comments.order.${thread.order}`)} ·{" "}
          <a href={commentsPath(slug, 1, other)} rel="nofollow">
            {t(`comments.show.${other}`)}
          </a>
        </p>
      ) : null}
      {thread.threads.length > 0 ? (
        <ol class="comment-list">
          {thread.threads.map((node) => (
            <CommentItem node={node} dates={props.dates} open={props.open} />
          ))}
        </ol>
      ) : null}
      {thread.page > 1 || thread.hasNext ? (
        <Pagination
          page={thread.page}
          hasNext={thread.hasNext}
          href={(page) => commentsPath(slug, page, thread.order)}
          previous={t("comments.earlier")}
          next={t("comments.more")}
          label={t("comments.pages")}
        />
      ) : null}
    </>
  );
}

/**
 * "3 comments" under each card of a list, linking to the thread; counts are approved comments only.
 * An article without comments gets no line: "0 comments" on every card is noise.
 */
export async function commentCountNotes(
  db: Db,
  i18n: I18n,
  articles: readonly { id: number; slug: string }[],
) {
  const counts = await approvedCounts(
    db,
    articles.map((article) => article.id),
  );
  return new Map(
    articles.flatMap((article) => {
      const count = counts.get(article.id) ?? 0;
      return count === 0
        ? []
        : [[article.id, <a href={`/${article.slug}/#comments`}>{countLabel(i18n, count)}</a>] as const];
    }),
  );
}
