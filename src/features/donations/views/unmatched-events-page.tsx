import type { Page } from "../../../core/paging.js";
import { formatDateTime } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { ListTable } from "../../../views/list-table.js";
import { Pagination, pagePath } from "../../../views/pagination.js";
import { AdminLayout, type AdminView } from "../../admin/views/admin-layout.js";
import { formatMoney } from "../money.js";
import type { UnmatchedStripeEvent } from "../unmatched-events.js";

export const UNMATCHED_PATH = "/admin/donations/unmatched/";

/** The warning on the donations page while Stripe recently sent events that are not this site's. */
export function UnmatchedEventsNotice(props: { count: number; days: number }) {
  if (props.count === 0) return null;
  const events = props.count === 1 ? "1 Stripe event" : `${props.count} Stripe events`;
  return (
    <p class="notice notice-error" role="status">
      {events} in the last {props.days} days named no donation of this site.{" "}
      <a href={UNMATCHED_PATH}>See the unmatched Stripe events</a>
    </p>
  );
}

/** Signed events for payments that are not this site's donations, newest first, by Stripe event id. */
export function UnmatchedEventsPage(props: {
  view: AdminView;
  page: Page<UnmatchedStripeEvent>;
  pageNumber: number;
  timeZone: string;
}) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  return (
    <AdminLayout view={props.view} title="Unmatched Stripe events">
      <p>
        Stripe sent these events with a valid signature, but they name no donation of this site, so nothing
        was recorded. Usually another site or a test set-up shares this Stripe account and webhook endpoint:
        look each one up by its event id in Stripe’s dashboard, and give every site its own endpoint and
        secret.
      </p>
      <ListTable
        rows={props.page.items}
        empty="None so far."
        columns={[
          { head: "Received", cell: (event) => when(event.receivedAt) },
          { head: "Stripe event", cell: (event) => <code>{event.eventId}</code> },
          { head: "Type", cell: (event) => event.type },
          { head: "Session or invoice", cell: (event) => <code>{event.objectId}</code> },
          {
            head: "Amount",
            cell: (event) =>
              event.amount === null || event.currency === null
                ? "—"
                : formatMoney({ amount: event.amount, currency: event.currency }, "en-GB"),
          },
          { head: "Why it matched nothing", cell: (event) => event.reason },
        ]}
      />
      <Pagination
        page={props.pageNumber}
        hasNext={props.page.hasNext}
        href={(page) => pagePath(UNMATCHED_PATH, page)}
        label="Pages of unmatched events"
      />
    </AdminLayout>
  );
}
