import { formatDateTime } from "../../views/format.js";
import { h } from "../../views/jsx.js";
import { can } from "../accounts/roles.js";
import type { DashboardPanel } from "../admin/dashboard-panel.js";
import { listPendingReviews } from "./article.review.js";

const SHOWN = 20;

/** The dashboard's "Waiting for review" list, for staff who can publish others' drafts. */
export const reviewQueuePanel: DashboardPanel = {
  async render({ db, staff, timeZone }) {
    if (!can(staff.role, { kind: "article.review" })) return null;
    const pending = await listPendingReviews(db, SHOWN);
    return (
      <section aria-labelledby="waiting-for-review">
        <h2 id="waiting-for-review">Waiting for review</h2>
        {pending.length === 0 ? (
          <p>Nothing is waiting for review.</p>
        ) : (
          <ul class="review-queue">
            {pending.map((item) => (
              <li>
                <a href={`/admin/articles/${item.articleId}/`}>{item.title}</a>
                {item.requestedBy ? ` by ${item.requestedBy}` : ""}, submitted{" "}
                {formatDateTime(item.requestedAt, "en-GB", timeZone)}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  },
};
