import type { DiffLine } from "../../../../core/diff.js";
import { formatDateTime } from "../../../../views/format.js";
import { h } from "../../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../../admin/views/admin-layout.js";
import type { Article } from "../../article.js";
import type { Revision } from "../../article.revisions.js";

export function RevisionListPage(props: {
  view: AdminView;
  article: Article;
  revisions: Revision[];
  editorNames: Map<number, string>;
  timeZone: string;
}) {
  const { article } = props;
  return (
    <AdminLayout view={props.view} title={`Revisions: ${article.title}`}>
      <p>
        <a href={`/admin/articles/${article.id}/`}>Back to the editor</a>
      </p>
      <table class="list">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Saved</th>
            <th>By</th>
            <th>Title then</th>
            <th>Status then</th>
          </tr>
        </thead>
        <tbody>
          {props.revisions.map((revision) => (
            <tr>
              <td>
                <a href={`/admin/articles/${article.id}/revisions/${revision.revision}`}>
                  #{revision.revision}
                </a>
                {revision.revision === article.revision ? " (current)" : ""}
              </td>
              <td>{formatDateTime(revision.createdAt, "en-GB", props.timeZone)}</td>
              <td>
                {revision.userId === null
                  ? "system"
                  : (props.editorNames.get(revision.userId) ?? "former staff")}
              </td>
              <td>{revision.snapshot.title}</td>
              <td>{revision.snapshot.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export interface FieldDiff {
  label: string;
  lines: DiffLine[];
}

const MARK = { same: " ", added: "+", removed: "−" } as const;

export function RevisionComparePage(props: {
  view: AdminView;
  article: Article;
  revision: Revision;
  diffs: FieldDiff[];
}) {
  const { article, revision } = props;
  const changed = props.diffs.filter((diff) => diff.lines.some((line) => line.kind !== "same"));
  return (
    <AdminLayout view={props.view} title={`Revision #${revision.revision} compared with the current version`}>
      <p>
        <a href={`/admin/articles/${article.id}/revisions/`}>All revisions</a>
      </p>
      {changed.length === 0 ? <p>This revision is the same as the current version.</p> : null}
      {changed.map((diff) => (
        <section class="diff">
          <h2>{diff.label}</h2>
          <pre>
            {diff.lines.map((line) =>
              line.kind === "added" ? (
                <ins>{`${MARK.added} ${line.text}\n`}</ins>
              ) : line.kind === "removed" ? (
                <del>{`${MARK.removed} ${line.text}\n`}</del>
              ) : (
                `${MARK.same} ${line.text}\n`
              ),
            )}
          </pre>
        </section>
      ))}
      {revision.revision !== article.revision ? (
        <form method="post" action={`/admin/articles/${article.id}/revisions/${revision.revision}/restore`}>
          <CsrfField view={props.view} />
          <input type="hidden" name="revision" value={String(article.revision)} />
          <button type="submit">Restore this revision</button>
        </form>
      ) : null}
    </AdminLayout>
  );
}
