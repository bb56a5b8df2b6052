import type { Page } from "../../../core/paging.js";
import { epochToZonedLocal } from "../../../core/time.js";
import { Select, TextField } from "../../../views/fields.js";
import { h } from "../../../views/jsx.js";
import { withQuery } from "../../../views/query-string.js";
import { AdminLayout, type AdminView } from "../../admin/views/admin-layout.js";
import type { AuditEntry } from "../audit.js";

interface ActivityQuery {
  staff?: string;
  area?: string;
  from?: string;
  to?: string;
}

/** What an entry says beyond its action: before → after where recorded, else the fields sent. */
function EntryDetails(props: { entry: AuditEntry }) {
  const { before, after, fields } = props.entry.details;
  if (after) {
    return (
      <ul class="changes">
        {Object.keys(after).map((key) => (
          <li>
            {key}: {JSON.stringify(before?.[key] ?? null)} → {JSON.stringify(after[key])}
          </li>
        ))}
      </ul>
    );
  }
  if (!fields) return null;
  return (
    <ul class="changes">
      {Object.entries(fields).map(([name, value]) => (
        <li>
          {name}: {value}
        </li>
      ))}
    </ul>
  );
}

/** Staff → Activity: who changed what, newest first, with filters, paging and a CSV of the same filter. */
export function ActivityPage(props: {
  view: AdminView;
  query: ActivityQuery;
  entries: Page<AuditEntry>;
  staff: readonly (readonly [string, string])[];
  areas: string[];
  timeZone: string;
}) {
  const { query, entries } = props;
  const filter = { staff: query.staff, area: query.area, from: query.from, to: query.to };
  const last = entries.items.at(-1);
  return (
    <AdminLayout view={props.view} title="Activity">
      <p>Every change made by staff, and by the command line. Entries cannot be edited or deleted.</p>
      <form class="filters" method="get" action="/admin/activity/">
        <Select name="staff" label="Person" value={query.staff} choices={[["", "Anyone"], ...props.staff]} />
        <Select
          name="area"
          label="Area"
          value={query.area}
          choices={[["", "Any"], ...props.areas.map((area) => [area, area] as const)]}
        />
        <TextField type="date" name="from" label="From" value={query.from} />
        <TextField type="date" name="to" label="To" value={query.to} />
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href={withQuery("/admin/activity.csv", filter)}>Download these entries as CSV</a>
      </p>
      {entries.items.length === 0 ? (
        <p>No activity matches.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.items.map((entry) => (
              <tr>
                <td>{epochToZonedLocal(entry.at, props.timeZone).replace("T", " ")}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.target}</td>
                <td>
                  <EntryDetails entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNext && last ? (
        <p>
          <a href={withQuery("/admin/activity/", { ...filter, before: last.id })}>Older entries</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}
