import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, notFound } from "../../core/errors.js";
import { inBatches } from "../../core/paging.js";
import { zonedDayBounds } from "../../core/time.js";
import type { AppContext } from "../../http/context.js";
import { type CsvRow, sendCsv } from "../../http/csv.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { paymentsReady } from "./donate.routes.js";
import {
  type CampaignForm,
  campaignFromForm,
  minimumsText,
  type RewardForm,
  rewardFromForm,
} from "./donation.forms.js";
import {
  campaignProgress,
  type DonationFilter,
  type DonationRow,
  findCampaign,
  findReward,
  listCampaigns,
  listDonations,
  listRewards,
  listShipments,
  markShipped,
  type Shipment,
  saveCampaign,
  saveReward,
  totalsByCurrency,
} from "./donation.repository.js";
import type { DonationStatus } from "./donation.table.js";
import { allowedCurrencies, decimalAmount } from "./money.js";
import { shippedMail } from "./receipts.js";
import {
  CampaignEditPage,
  CampaignsPage,
  campaignFormValues,
  type DonationQuery,
  DonationsPage,
  DonorPage,
  FulfilmentPage,
  RewardEditPage,
  RewardsPage,
} from "./views/admin-pages.js";

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
const ShippedBody = Type.Object({
  ...CsrfField,
  trackingNumber: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }),
});
const RewardBody = Type.Object({
  ...CsrfField,
  name: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
  description: Type.String({ maxLength: 2000 }),
  imageUrl: Type.String({ maxLength: 500, pattern: "^$|^/media/[^\\s\"'<>]+$" }),
  physical: Type.Optional(Type.Literal("1")),
  shipCountries: Type.String({ maxLength: 1000 }),
  stock: Type.String({ maxLength: 7 }),
  active: Type.Optional(Type.Literal("1")),
  minimums: Type.String({ maxLength: 500 }),
});
const CampaignBody = Type.Object({
  ...CsrfField,
  title: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
  description: Type.String({ maxLength: 2000 }),
  goal: Type.String({ maxLength: 20 }),
  currency: Type.String({ pattern: "^[A-Z]{3}$" }),
  startsAt: Type.String({ maxLength: 16 }),
  endsAt: Type.String({ maxLength: 16 }),
});

const emptyReward: RewardForm = {
  name: "",
  description: "",
  imageUrl: "",
  shipCountries: "",
  stock: "",
  active: "1",
  minimums: "",
};

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

const SHIPMENT_CSV_HEADER = [
  "donation",
  "reward",
  "recipient",
  "line1",
  "line2",
  "postal_code",
  "city",
  "state",
  "country",
  "email",
];

const shipmentCsvRow = (s: Shipment): CsvRow => [
  s.donationId,
  s.rewardName,
  s.recipient,
  s.line1,
  s.line2,
  s.postalCode,
  s.city,
  s.state,
  s.country,
  s.donorEmail,
];

async function* mapRows<T>(rows: AsyncIterable<T>, toRow: (item: T) => CsvRow) {
  for await (const item of rows) yield toRow(item);
}

/**
 * Staff pages for donations, for editors and up (donors' e-mail and postal addresses are personal data):
 * the list with totals and CSV, a donor's history, the fulfilment queue, rewards and campaigns.
 */
export async function donationAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const settings = async () => (await ctx.loadChrome()).settings;

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

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "donations.manage" });
    });

    scope.get("/donations/", { schema: { querystring: DonationQuerySchema } }, async (request, reply) => {
      const site = await settings();
      const filter = toFilter(request.query, site.timeZone);
      const [rows, totals, campaigns] = await Promise.all([
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
          rows={rows.slice(0, ROWS_SHOWN)}
          totals={totals}
          truncated={rows.length > ROWS_SHOWN}
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
        return sendCsv(reply, "donations.csv", DONATION_CSV_HEADER, mapRows(rows, donationCsvRow));
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

    scope.get("/donations/fulfilment/", async (request, reply) => {
      const [toShip, shipped, site] = await Promise.all([
        listShipments(db, "to-ship", CSV_ROWS),
        listShipments(db, "shipped", 100),
        settings(),
      ]);
      const page = (
        <FulfilmentPage
          view={await adminView(ctx, request, reply)}
          toShip={toShip}
          shipped={shipped.reverse()}
          timeZone={site.timeZone}
        />
      );
      return sendAdminPage(reply, page);
    });

    scope.get("/donations/fulfilment.csv", async (_request, reply) => {
      const toShip = inBatches((after: Shipment | undefined, limit) =>
        listShipments(db, "to-ship", limit, after),
      );
      return sendCsv(reply, "parcels-to-ship.csv", SHIPMENT_CSV_HEADER, mapRows(toShip, shipmentCsvRow));
    });

    scope.post(
      "/donations/fulfilment/:id/shipped",
      { schema: { params: IdParams, body: ShippedBody } },
      async (request, reply) => {
        const tracking = request.body.trackingNumber.trim();
        const shipped = await markShipped(db, request.params.id, tracking, ctx.clock());
        if (!shipped)
          throw new AppError(
            "NOT_WAITING",
            409,
            "That parcel is not waiting to be shipped (already shipped or cancelled).",
          );
        if (shipped.donorEmail) {
          const site = await settings();
          const mail = shippedMail(shipped.donorEmail, shipped.rewardName ?? "reward", tracking, {
            title: site.title,
            language: site.language,
            siteUrl: ctx.config.siteUrl,
          });
          await ctx.mailer
            .send(mail)
            .catch((error: unknown) => request.log.error({ err: error }, "shipping e-mail not sent"));
        }
        return reply.redirect("/admin/donations/fulfilment/?notice=saved", 303);
      },
    );

    async function showRewards(
      request: FastifyRequest,
      reply: FastifyReply,
      form = emptyReward,
      error?: string,
    ) {
      const rewards = await listRewards(db, { activeOnly: false });
      const page = (
        <RewardsPage
          view={await adminView(ctx, request, reply)}
          rewards={rewards}
          newForm={form}
          error={error}
        />
      );
      return sendAdminPage(reply, page, error ? 400 : 200);
    }

    scope.get("/donations/rewards/", (request, reply) => showRewards(request, reply));

    scope.post("/donations/rewards/", { schema: { body: RewardBody } }, async (request, reply) => {
      const parsed = rewardFromForm(request.body);
      if (!parsed.ok) return showRewards(request, reply, request.body, parsed.error);
      await saveReward(db, parsed.value, ctx.clock());
      return reply.redirect("/admin/donations/rewards/?notice=saved", 303);
    });

    scope.get("/donations/rewards/:id/", { schema: { params: IdParams } }, async (request, reply) => {
      const reward = await findReward(db, request.params.id);
      if (!reward) throw notFound("Reward");
      const values: RewardForm = {
        name: reward.name,
        description: reward.description,
        imageUrl: reward.imageUrl,
        physical: reward.physical ? "1" : undefined,
        shipCountries: reward.shipCountries.join(", "),
        stock: reward.stock === null ? "" : String(reward.stock),
        active: reward.active ? "1" : undefined,
        minimums: minimumsText(reward.minimums),
      };
      return sendAdminPage(
        reply,
        <RewardEditPage view={await adminView(ctx, request, reply)} id={reward.id} values={values} />,
      );
    });

    scope.post(
      "/donations/rewards/:id/",
      { schema: { params: IdParams, body: RewardBody } },
      async (request, reply) => {
        const id = request.params.id;
        if (!(await findReward(db, id))) throw notFound("Reward");
        const parsed = rewardFromForm(request.body);
        if (!parsed.ok) {
          const page = (
            <RewardEditPage
              view={await adminView(ctx, request, reply)}
              id={id}
              values={request.body}
              error={parsed.error}
            />
          );
          return sendAdminPage(reply, page, 400);
        }
        await saveReward(db, parsed.value, ctx.clock(), id);
        return reply.redirect("/admin/donations/rewards/?notice=saved", 303);
      },
    );

    async function showCampaigns(
      request: FastifyRequest,
      reply: FastifyReply,
      form?: CampaignForm,
      error?: string,
    ) {
      const site = await settings();
      const campaigns = await listCampaigns(db);
      const withProgress = await Promise.all(
        campaigns.map(async (campaign) => ({ campaign, progress: await campaignProgress(db, campaign) })),
      );
      const currencies = allowedCurrencies(site.donationCurrencies);
      const newForm = form ?? {
        title: "",
        description: "",
        goal: "",
        currency: currencies[0] ?? "EUR",
        startsAt: "",
        endsAt: "",
      };
      const page = (
        <CampaignsPage
          view={await adminView(ctx, request, reply)}
          campaigns={withProgress}
          currencies={currencies}
          newForm={newForm}
          timeZone={site.timeZone}
          error={error}
        />
      );
      return sendAdminPage(reply, page, error ? 400 : 200);
    }

    scope.get("/donations/campaigns/", (request, reply) => showCampaigns(request, reply));

    scope.post("/donations/campaigns/", { schema: { body: CampaignBody } }, async (request, reply) => {
      const parsed = campaignFromForm(request.body, (await settings()).timeZone);
      if (!parsed.ok) return showCampaigns(request, reply, request.body, parsed.error);
      await saveCampaign(db, parsed.value, ctx.clock());
      return reply.redirect("/admin/donations/campaigns/?notice=saved", 303);
    });

    scope.get("/donations/campaigns/:id/", { schema: { params: IdParams } }, async (request, reply) => {
      const campaign = await findCampaign(db, request.params.id);
      if (!campaign) throw notFound("Campaign");
      const site = await settings();
      const values = campaignFormValues(campaign, site.timeZone, decimalAmount(campaign.goal));
      const page = (
        <CampaignEditPage
          view={await adminView(ctx, request, reply)}
          id={campaign.id}
          values={values}
          currencies={allowedCurrencies(site.donationCurrencies)}
        />
      );
      return sendAdminPage(reply, page);
    });

    scope.post(
      "/donations/campaigns/:id/",
      { schema: { params: IdParams, body: CampaignBody } },
      async (request, reply) => {
        const id = request.params.id;
        if (!(await findCampaign(db, id))) throw notFound("Campaign");
        const site = await settings();
        const parsed = campaignFromForm(request.body, site.timeZone);
        if (!parsed.ok) {
          const page = (
            <CampaignEditPage
              view={await adminView(ctx, request, reply)}
              id={id}
              values={request.body}
              currencies={allowedCurrencies(site.donationCurrencies)}
              error={parsed.error}
            />
          );
          return sendAdminPage(reply, page, 400);
        }
        await saveCampaign(db, parsed.value, ctx.clock(), id);
        return reply.redirect("/admin/donations/campaigns/?notice=saved", 303);
      },
    );
  });
}
