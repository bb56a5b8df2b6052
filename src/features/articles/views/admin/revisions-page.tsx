import type { DiffLine } from "../../../../core/diff.js";
import { formatDateTime } from "../../../../views/format.js";
import { h } from "../../../../views/jsx.js";
import { ListTable } from "../../../../views/list-table.js";
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
      <ListTable
        rows={props.revisions}
        columns={[
          {
            head: "Revision",
            cell: (revision) => [
              <a href={`/admin/articles/${article.id}/revisions/${revision.revision}`}>
                #{revision.revision}
              </a>,
              revision.revision === article.revision ? " (current)" : "",
            ],
          },
          { head: "Saved", cell: (revision) => formatDateTime(revision.createdAt, "en-GB", props.timeZone) },
          {
            head: "By",
            cell: (revision) =>
              revision.userId === null
                ? "system"
                : (props.editorNames.get(revision.userId) ?? "former staff"),
          },
          { head: "Title then", cell: (revision) => revision.snapshot.title },
          { head: "Status then", cell: (revision) => revision.snapshot.status },
        ]}
      />
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
