import { formatDateTime } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { ListTable } from "../../../views/list-table.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { HeldGroupKey, HeldVoteGroup } from "../vote.review.js";

/** What each hold reason (set by holdReason in vote.service.ts) means, for the editor. */
const REASONS: Record<string, string> = {
  "network-burst": "Too many votes from one network within an hour",
  "cookie-not-kept": "Repeat votes from one address whose browser does not keep the voter cookie",
};

/** A group as one form value, "articleId:reason" (an empty reason stands for none). */
export const groupValue = (group: HeldGroupKey) => `${group.articleId}:${group.reason ?? ""}`;

/** Back from a form value; undefined if it is not one. */
export function parseGroupValue(value: string): HeldGroupKey | undefined {
  const match = /^([1-9][0-9]{0,9}):(.*)$/s.exec(value);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { articleId: Number(match[1]), reason: match[2] === "" ? null : match[2] };
}

function Reason(props: { reason: string | null }) {
  if (props.reason === null) return <span>—</span>;
  const text = REASONS[props.reason];
  return (
    <span>
      {text ?? props.reason} {text ? <small>({props.reason})</small> : null}
    </span>
  );
}

const titleOf = (group: HeldVoteGroup) => group.title ?? `Article ${group.articleId}`;

export function HeldVotesPage(props: {
  view: AdminView;
  groups: HeldVoteGroup[];
  /** True when there are more groups than shown. */
  truncated: boolean;
  timeZone: string;
}) {
  const { groups, timeZone } = props;
  const when = (ms: number) => formatDateTime(ms, "en-GB", timeZone);
  return (
    <AdminLayout view={props.view} title="Held votes">
      <p>
        These readers' votes were stored but not counted, because they looked like vote stuffing. Count a
        group to add its votes to the article's points, or discard it to delete them.
      </p>
      {groups.length === 0 ? (
        <p>No votes are held.</p>
      ) : (
        <form method="post" action="/admin/votes/held/count">
          <CsrfField view={props.view} />
          <ListTable
            rows={groups}
            columns={[
              {
                head: "Select",
                cell: (group) => (
                  <input
                    type="checkbox"
                    name="group"
                    value={groupValue(group)}
                    aria-label={`Select the ${group.count} held votes on “${titleOf(group)}”`}
                  />
                ),
              },
              {
                head: "Article",
                cell: (group) => <a href={`/admin/articles/${group.articleId}/`}>{titleOf(group)}</a>,
              },
              { head: "Reason", cell: (group) => <Reason reason={group.reason} /> },
              {
                head: "Votes",
                cell: (group) => [group.count, " ", <small>{`(+${group.up} / −${group.down})`}</small>],
              },
              { head: "First", cell: (group) => when(group.firstAt) },
              { head: "Last", cell: (group) => when(group.lastAt) },
            ]}
          />
          {props.truncated ? (
            <p>
              Only the {groups.length} most recent groups are shown; the rest appear as these are reviewed.
            </p>
          ) : null}
          <p>
            <button type="submit" formaction="/admin/votes/held/count">
              Count them
            </button>{" "}
            <button type="submit" class="danger" formaction="/admin/votes/held/discard">
              Discard them
            </button>
          </p>
        </form>
      )}
    </AdminLayout>
  );
}
