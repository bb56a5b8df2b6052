import { type Static, Type } from "@sinclair/typebox";
import { inBatches, pageOf } from "../../core/paging.js";
import { zonedDayBounds } from "../../core/time.js";
import type { AppContext } from "../../http/context.js";
import { type CsvRow, csvRows, sendCsv } from "../../http/csv.js";
import type { Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { paymentsReady } from "./donate.routes.js";
import {
  type DonationFilter,
  type DonationRow,
  listCampaigns,
  listDonations,
  totalsByCurrency,
} from "./donation.repository.js";
import type { DonationStatus } from "./donation.table.js";
import { allowedCurrencies, decimalAmount } from "./money.js";
import { type DonationQuery, DonationsPage, DonorPage } from "./views/admin-pages.js";

const ROWS_SHOWN = 500;
const CSV_ROWS = 100_000;
const DATE = "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

const DonationQuerySchema = Type.Object({
  campaign: Type.Optional(Type.String({ pattern: "^$|^[1-9][0-9]{0,9}$" })),
  status: Type.Optional(
    Type.Union(["", "pending", "paid", "refunded", "failed", "expired"].map((s) => Type.Literal(s))),
  ),
  currency: Type.Optional(Type.String({ pattern: "^$|^[A-Z]{3}$" })),
  from: Type.Optional(Type.String({ pattern: DATE })),
  to: Type.Optional(Type.String({ pattern: DATE })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  notice: Type.Optional(Type.String({ maxLength: 40 })),
});
const DonorQuery = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }) });
const DONATION_CSV_HEADER = [
  "id",
  "created_at",
  "paid_at",
  "status",
  "frequency",
  "renewal_of",
  "currency",
  "amount",
  "refunded",
  "donor_email",
  "donor_name",
  "public_name",
  "campaign",
  "reward",
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const donationCsvRow = (row: DonationRow): CsvRow => [
  row.id,
  iso(row.createdAt),
  iso(row.paidAt),
  row.status,
  row.frequency,
  row.firstDonationId,
  row.currency,
  decimalAmount({ amount: row.amount, currency: row.currency }),
  decimalAmount({ amount: row.refundedAmount, currency: row.currency }),
  row.donorEmail,
  row.donorName,
  row.listed ? row.publicName : null,
  row.campaignTitle,
  row.rewardName,
];

/** The typed filters as a repository filter; dates are whole days in the site's time zone. */
function toFilter(query: Static<typeof DonationQuerySchema>, timeZone: string): DonationFilter {
  const day = (date: string | undefined) =>
    date ? (zonedDayBounds(date, timeZone) ?? undefined) : undefined;
  return {
    campaignId: query.campaign ? Number(query.campaign) : undefined,
    status: (query.status || undefined) as DonationStatus | undefined,
    currency: query.currency || undefined,
    from: day(query.from)?.start,
    to: day(query.to)?.end,
    donorEmail: query.email?.trim().toLowerCase() || undefined,
  };
}

/** The donations list with its totals and CSV export, and one donor's history. */
export async function donationListRoutes(scope: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const settings = async () => (await ctx.loadChrome()).settings;

  scope.get("/donations/", { schema: { querystring: DonationQuerySchema } }, async (request, reply) => {
    const site = await settings();
    const filter = toFilter(request.query, site.timeZone);
    const [listed, totals, campaigns] = await Promise.all([
      listDonations(db, filter, ROWS_SHOWN + 1),
      totalsByCurrency(db, filter),
      listCampaigns(db),
    ]);
    const { notice: _notice, ...query } = request.query;
    const page = (
      <DonationsPage
        view={await adminView(ctx, request, reply)}
        query={query as DonationQuery}
        campaigns={campaigns}
        currencies={allowedCurrencies(site.donationCurrencies)}
        rows={pageOf(listed, ROWS_SHOWN).items}
        totals={totals}
        truncated={pageOf(listed, ROWS_SHOWN).hasNext}
        timeZone={site.timeZone}
        paymentsReady={paymentsReady(ctx)}
      />
    );
    return sendAdminPage(reply, page);
  });

  scope.get(
    "/donations/export.csv",
    { schema: { querystring: DonationQuerySchema } },
    async (request, reply) => {
      const site = await settings();
      const filter = toFilter(request.query, site.timeZone);
      const rows = inBatches((after: DonationRow | undefined, limit) =>
        listDonations(db, filter, limit, after),
      );
      return sendCsv(reply, "donations.csv", DONATION_CSV_HEADER, csvRows(rows, donationCsvRow));
    },
  );

  scope.get("/donations/donor/", { schema: { querystring: DonorQuery } }, async (request, reply) => {
    const email = request.query.email.trim().toLowerCase();
    const [rows, totals, site] = await Promise.all([
      listDonations(db, { donorEmail: email }, CSV_ROWS),
      totalsByCurrency(db, { donorEmail: email }),
      settings(),
    ]);
    const page = (
      <DonorPage
        view={await adminView(ctx, request, reply)}
        email={email}
        rows={rows}
        totals={totals}
        timeZone={site.timeZone}
      />
    );
    return sendAdminPage(reply, page);
  });
}
