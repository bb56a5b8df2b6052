import { notFound } from "../../core/errors.js";
import { pageOf } from "../../core/paging.js";
import type { AppContext } from "../../http/context.js";
import { PageQuery, pageNumber, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { listUnmatchedStripeEvents } from "./unmatched-events.js";
import { UnmatchedEventsPage } from "./views/unmatched-events-page.js";

const PER_PAGE = 100;

/** Donations → Unmatched Stripe events: signed events that named no donation of this site. */
export async function unmatchedEventRoutes(scope: Router, ctx: AppContext): Promise<void> {
  scope.get("/donations/unmatched/", { schema: { querystring: PageQuery } }, async (request, reply) => {
    const number = pageNumber(request.query);
    const rows = await listUnmatchedStripeEvents(ctx.storage.db, {
      limit: PER_PAGE + 1,
      offset: (number - 1) * PER_PAGE,
    });
    if (number > 1 && rows.length === 0) throw notFound();
    const page = (
      <UnmatchedEventsPage
        view={await adminView(ctx, request, reply)}
        page={pageOf(rows, PER_PAGE)}
        pageNumber={number}
        timeZone={(await ctx.loadChrome()).settings.timeZone}
      />
    );
    return sendAdminPage(reply, page);
  });
}
