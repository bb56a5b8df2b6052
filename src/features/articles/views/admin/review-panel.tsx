import { formatDateTime } from "../../../../views/format.js";
import { h } from "../../../../views/jsx.js";
import { type AdminView, CsrfField } from "../../../admin/views/admin-layout.js";
import type { ArticleReview, EditorialNote } from "../../article.review.js";
import { NOTE_MAX_LENGTH } from "../../article.review.js";
import type { ArticleStatus } from "../../article.table.js";

/** What the editor page shows about review and the staff-only notes. */
export interface ReviewPanelData {
  /** Null while writing a new article (it can be submitted, but has no notes yet). */
  articleId: number | null;
  status: ArticleStatus;
  review: ArticleReview | null;
  /** Null when the role may not read this article's notes. */
  notes: EditorialNote[] | null;
  canPublish: boolean;
  canReview: boolean;
}

/** The id of the editor's main form, which the Submit and Publish buttons here submit. */
export const ARTICLE_FORM_ID = "article-form";

/** A note to post: a send-back's or an editorial one. */
function NoteForm(props: { action: string; label: string; button: string; view: AdminView }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField view={props.view} />
      <label>
        {props.label}
        <textarea name="note" rows={3} maxlength={NOTE_MAX_LENGTH} required />
      </label>
      <button type="submit" class="secondary">
        {props.button}
      </button>
    </form>
  );
}

/** A draft has review actions for a writer who cannot publish, and for anyone once it was submitted. */
const hasReviewActions = (data: ReviewPanelData) =>
  data.status === "draft" && (!data.canPublish || data.review !== null);

function ReviewActions(props: ReviewPanelData & { view: AdminView; timeZone: string }) {
  const { review } = props;
  if (!hasReviewActions(props)) return null;
  const pending = review?.state === "pending";
  return (
    <div class="review-actions">
      {pending ? (
        <p class="notice" role="status">
          Waiting for review since {formatDateTime(review.requestedAt, "en-GB", props.timeZone)}.
        </p>
      ) : null}
      {review?.state === "returned" ? (
        <p class="notice notice-error" role="status">
          An editor sent this draft back: see their note below, then submit it again.
        </p>
      ) : null}
      {!props.canPublish && !pending ? (
        <p>
          <button type="submit" form={ARTICLE_FORM_ID} name="action" value="submit">
            Submit for review
          </button>{" "}
          <small class="hint">Saves the draft and asks an editor to publish it.</small>
        </p>
      ) : null}
      {props.canReview && pending && props.articleId !== null ? (
        <div>
          <p>
            <button type="submit" form={ARTICLE_FORM_ID} name="action" value="publish">
              Publish now
            </button>{" "}
            <small class="hint">To schedule it, choose Scheduled and a date, then Save.</small>
          </p>
          <NoteForm
            action={`/admin/articles/${props.articleId}/send-back`}
            label="Note for the writer"
            button="Send back"
            view={props.view}
          />
        </div>
      ) : null}
    </div>
  );
}

function NoteList(props: { articleId: number; notes: EditorialNote[]; view: AdminView; timeZone: string }) {
  return (
    <section aria-labelledby="notes-heading">
      <h3 id="notes-heading">Editorial notes</h3>
      <p class="hint">Staff only; never published.</p>
      {props.notes.length === 0 ? <p>No notes yet.</p> : null}
      <ul class="editorial-notes">
        {props.notes.map((note) => (
          <li class={`note note-${note.kind}`}>
            <p class="note-meta">
              <strong>{note.authorName}</strong>
              {note.kind === "returned" ? " sent it back" : ""} ·{" "}
              <time datetime={new Date(note.createdAt).toISOString()}>
                {formatDateTime(note.createdAt, "en-GB", props.timeZone)}
              </time>
            </p>
            <p class="note-body">{note.body}</p>
          </li>
        ))}
      </ul>
      <NoteForm
        action={`/admin/articles/${props.articleId}/notes`}
        label="Add a note"
        button="Add note"
        view={props.view}
      />
    </section>
  );
}

/** Review before publish and the newsroom's notes, beside the editor's form. */
export function ReviewPanel(props: { data: ReviewPanelData; view: AdminView; timeZone: string }) {
  const { data } = props;
  const showsNotes = data.articleId !== null && data.notes !== null;
  if (!showsNotes && !hasReviewActions(data)) return null;
  return (
    <section class="panel review-panel" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <ReviewActions {...data} view={props.view} timeZone={props.timeZone} />
      {data.articleId !== null && data.notes ? (
        <NoteList articleId={data.articleId} notes={data.notes} view={props.view} timeZone={props.timeZone} />
      ) : null}
    </section>
  );
}
