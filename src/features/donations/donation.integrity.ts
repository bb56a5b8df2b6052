import type { SiteCheck } from "../backup/site-check.js";
import { totalsByCurrency } from "./donation.repository.js";

/** Every donation row, and the money received per currency (minor units, net of refunds). */
export const donationCheck: SiteCheck = {
  name: "donations",
  async figures(db) {
    const row = await db
      .selectFrom("donations")
      .select((eb) => eb.fn.countAll<number | string>().as("rows"))
      .executeTakeFirstOrThrow();
    const figures: Record<string, number> = { rows: Number(row.rows) };
    for (const total of await totalsByCurrency(db, {})) {
      figures[`paid ${total.currency}`] = total.amount;
      figures[`paid ${total.currency} count`] = total.count;
    }
    return figures;
  },
  // Donation totals are sums over rows, not stored counters: nothing within can drift.
  problems: async () => [],
};
