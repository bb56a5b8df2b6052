import { expressionBuilder, type Selectable, sql } from "kysely";
import { countPerDay, type DailySeries } from "../../storage/daily.js";
import type { Database } from "../../storage/database.js";
import type { Db } from "../../storage/storage.js";
import type { Campaign, CampaignProgress, Reward } from "./donation.js";
import type { DonationStatus, DonationTables, Frequency, ShipmentStatus } from "./donation.table.js";
import { fromMajor } from "./money.js";

type RewardRow = Selectable<DonationTables["donation_rewards"]>;
type CampaignRow = Selectable<DonationTables["donation_campaigns"]>;

/** What a donation adds to totals: its amount less any refund. Only "paid" donations count. */
const netAmount = sql<number>`amount - refunded_amount`;

async function minimumsOf(db: Db, rewardIds: number[]): Promise<Map<number, Record<string, number>>> {
  const byReward = new Map<number, Record<string, number>>(rewardIds.map((id) => [id, {}]));
  if (rewardIds.length === 0) return byReward;
  const rows = await db
    .selectFrom("donation_reward_minimums")
    .select(["reward_id", "currency", "amount"])
    .where("reward_id", "in", rewardIds)
    .execute();
  for (const row of rows) {
    const minimums = byReward.get(row.reward_id);
    if (minimums) minimums[row.currency] = Number(row.amount);
  }
  return byReward;
}

function toReward(row: RewardRow, minimums: Record<string, number>): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    imageUrl: row.image_url,
    physical: row.physical === 1,
    shipCountries: row.ship_countries ? row.ship_countries.split(",") : [],
    stock: row.stock,
    active: row.active === 1,
    minimums,
  };
}

/** Every reward (for staff), or only the active ones (for readers), oldest first. */
export async function listRewards(db: Db, options: { activeOnly: boolean }): Promise<Reward[]> {
  let query = db.selectFrom("donation_rewards").selectAll().orderBy("id");
  if (options.activeOnly) query = query.where("active", "=", 1);
  const rows = await query.execute();
  const minimums = await minimumsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toReward(row, minimums.get(row.id) ?? {}));
}

export async function findReward(db: Db, id: number): Promise<Reward | undefined> {
  const row = await db.selectFrom("donation_rewards").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toReward(row, (await minimumsOf(db, [id])).get(id) ?? {}) : undefined;
}

export type RewardInput = Omit<Reward, "id">;

/** Creates a reward (no id) or replaces one's fields and minimums; returns its id. */
export async function saveReward(db: Db, input: RewardInput, now: number, id?: number): Promise<number> {
  const values = {
    name: input.name,
    description: input.description,
    image_url: input.imageUrl,
    physical: input.physical ? 1 : 0,
    ship_countries: input.shipCountries.join(","),
    stock: input.stock,
    active: input.active ? 1 : 0,
  };
  return db.transaction().execute(async (trx) => {
    let rewardId = id;
    if (rewardId === undefined) {
      const row = await trx
        .insertInto("donation_rewards")
        .values({ ...values, created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      rewardId = row.id;
    } else {
      await trx.updateTable("donation_rewards").set(values).where("id", "=", rewardId).execute();
      await trx.deleteFrom("donation_reward_minimums").where("reward_id", "=", rewardId).execute();
    }
    const minimums = Object.entries(input.minimums).map(([currency, amount]) => ({
      reward_id: rewardId,
      currency,
      amount,
    }));
    if (minimums.length > 0) await trx.insertInto("donation_reward_minimums").values(minimums).execute();
    return rewardId;
  });
}

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  title: row.title,
  description: row.description,
  goal: { amount: Number(row.goal_amount), currency: row.goal_currency },
  startsAt: row.starts_at,
  endsAt: row.ends_at,
});

export async function listCampaigns(db: Db): Promise<Campaign[]> {
  const rows = await db.selectFrom("donation_campaigns").selectAll().orderBy("starts_at", "desc").execute();
  return rows.map(toCampaign);
}

export async function findCampaign(db: Db, id: number): Promise<Campaign | undefined> {
  const row = await db.selectFrom("donation_campaigns").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

/** The campaign new gifts go to: running now, the most recently started if several overlap. */
export async function findRunningCampaign(db: Db, now: number): Promise<Campaign | undefined> {
  const row = await db
    .selectFrom("donation_campaigns")
    .selectAll()
    .where("ends_at", ">", now)
    .where("starts_at", "<=", now)
    .orderBy("starts_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

export type CampaignInput = Omit<Campaign, "id">;

export async function saveCampaign(db: Db, input: CampaignInput, now: number, id?: number): Promise<number> {
  const values = {
    title: input.title,
    description: input.description,
    goal_amount: input.goal.amount,
    goal_currency: input.goal.currency,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
  };
  if (id !== undefined) {
    await db.updateTable("donation_campaigns").set(values).where("id", "=", id).execute();
    return id;
  }
  const row = await db
    .insertInto("donation_campaigns")
    .values({ ...values, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Paid gifts (net of refunds) in the goal's currency within the campaign's dates, and how many gave. */
export async function campaignProgress(db: Db, campaign: Campaign): Promise<CampaignProgress> {
  const row = await db
    .selectFrom("donations")
    .select((eb) => [
      eb.fn.sum<number | string | null>(netAmount).as("raised"),
      eb.fn.count<number | string>(sql`distinct coalesce(donor_email, cast(id as varchar(20)))`).as("donors"),
    ])
    .where("campaign_id", "=", campaign.id)
    .where("status", "=", "paid")
    .where("currency", "=", campaign.goal.currency)
    .where("paid_at", ">=", campaign.startsAt)
    .where("paid_at", "<", campaign.endsAt)
    .executeTakeFirst();
  return { raised: Number(row?.raised ?? 0), donors: Number(row?.donors ?? 0) };
}

/** The gift a Checkout Session was for, as its thank-you page shows it. */
export async function findGiftBySession(db: Db, sessionId: string) {
  const row = await db
    .selectFrom("donations")
    .select(["amount", "currency", "status", "frequency"])
    .where("checkout_session_id", "=", sessionId)
    .executeTakeFirst();
  return row
    ? { amount: Number(row.amount), currency: row.currency, status: row.status, frequency: row.frequency }
    : undefined;
}

export interface Supporter {
  name: string;
  message: string | null;
  paidAt: number;
}

/** The donor wall: donors who asked to be named, newest first; a monthly donor appears once. */
export async function listSupporters(db: Db, limit: number): Promise<Supporter[]> {
  const rows = await db
    .selectFrom("donations")
    .select(["public_name", "public_message", "paid_at"])
    .where("listed", "=", 1)
    .where("status", "=", "paid")
    .where("first_donation_id", "is", null)
    .orderBy("paid_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    name: row.public_name ?? "",
    message: row.public_message,
    paidAt: row.paid_at ?? 0,
  }));
}

export interface DonationFilter {
  campaignId?: number | undefined;
  status?: DonationStatus | undefined;
  currency?: string | undefined;
  /** Created in [from, to). */
  from?: number | undefined;
  to?: number | undefined;
  donorEmail?: string | undefined;
}

export interface DonationRow {
  id: number;
  frequency: Frequency;
  amount: number;
  refundedAmount: number;
  currency: string;
  status: DonationStatus;
  campaignTitle: string | null;
  rewardName: string | null;
  donorEmail: string | null;
  donorName: string | null;
  publicName: string | null;
  listed: boolean;
  firstDonationId: number | null;
  subscriptionStatus: string | null;
  createdAt: number;
  paidAt: number | null;
}

/** The filter as one condition on the donations table, usable in queries that join others to it. */
function matching(filter: DonationFilter) {
  const eb = expressionBuilder<Database, "donations">();
  return eb.and([
    ...(filter.campaignId !== undefined ? [eb("donations.campaign_id", "=", filter.campaignId)] : []),
    ...(filter.status ? [eb("donations.status", "=", filter.status)] : []),
    ...(filter.currency ? [eb("donations.currency", "=", filter.currency)] : []),
    ...(filter.from !== undefined ? [eb("donations.created_at", ">=", filter.from)] : []),
    ...(filter.to !== undefined ? [eb("donations.created_at", "<", filter.to)] : []),
    ...(filter.donorEmail ? [eb("donations.donor_email", "=", filter.donorEmail)] : []),
  ]);
}

/** Donations matching the filter, newest first; `after` one already seen, to read on from it (keyset paging). */
export async function listDonations(
  db: Db,
  filter: DonationFilter,
  limit: number,
  after?: Pick<DonationRow, "createdAt" | "id">,
): Promise<DonationRow[]> {
  const query = db
    .selectFrom("donations")
    .leftJoin("donation_campaigns", "donation_campaigns.id", "donations.campaign_id")
    .leftJoin("donation_rewards", "donation_rewards.id", "donations.reward_id")
    .select([
      "donations.id",
      "donations.frequency",
      "donations.amount",
      "donations.refunded_amount",
      "donations.currency",
      "donations.status",
      "donation_campaigns.title as campaign_title",
      "donation_rewards.name as reward_name",
      "donations.donor_email",
      "donations.donor_name",
      "donations.public_name",
      "donations.listed",
      "donations.first_donation_id",
      "donations.subscription_status",
      "donations.created_at",
      "donations.paid_at",
    ])
    .orderBy("donations.created_at", "desc")
    .orderBy("donations.id", "desc")
    .limit(limit);
  const rows = await query
    .where(matching(filter))
    .$if(after !== undefined, (older) =>
      older.where((eb) =>
        eb.or([
          eb("donations.created_at", "<", after?.createdAt ?? 0),
          eb.and([
            eb("donations.created_at", "=", after?.createdAt ?? 0),
            eb("donations.id", "<", after?.id ?? 0),
          ]),
        ]),
      ),
    )
    .execute();
  return rows.map((row) => ({
    id: row.id,
    frequency: row.frequency,
    amount: Number(row.amount),
    refundedAmount: Number(row.refunded_amount),
    currency: row.currency,
    status: row.status,
    campaignTitle: row.campaign_title,
    rewardName: row.reward_name,
    donorEmail: row.donor_email,
    donorName: row.donor_name,
    publicName: row.public_name,
    listed: row.listed === 1,
    firstDonationId: row.first_donation_id,
    subscriptionStatus: row.subscription_status,
    createdAt: row.created_at,
    paidAt: row.paid_at,
  }));
}

/** Money received per currency (net of refunds) and how many paid donations, for the filter. */
export async function totalsByCurrency(
  db: Db,
  filter: DonationFilter,
): Promise<Array<{ currency: string; amount: number; count: number }>> {
  const query = db
    .selectFrom("donations")
    .select((eb) => [
      "donations.currency",
      eb.fn.sum<number | string>(netAmount).as("amount"),
      eb.fn.countAll<number | string>().as("count"),
    ])
    .where("donations.status", "=", "paid")
    .groupBy("donations.currency")
    .orderBy("donations.currency");
  const rows = await query.where(matching(filter)).execute();
  return rows.map((row) => ({
    currency: row.currency,
    amount: Number(row.amount),
    count: Number(row.count),
  }));
}

/** Net amount received per day (UTC) in one currency, for the dashboard. */
export const amountPerDay = (db: Db, currency: string, range: { from: number; to: number }) =>
  countPerDay(
    db.selectFrom("donations").where("status", "=", "paid").where("currency", "=", currency),
    "paid_at",
    range,
    sql<number | string | null>`sum(${netAmount})`,
  );

/** A dashboard series of money received per day in one currency, in whole units. */
export function donationsPerDay(currency: string): DailySeries {
  const minorPerMajor = fromMajor(1, currency);
  return {
    id: `donations-${currency.toLowerCase()}`,
    label: `Donations (${currency})`,
    unit: currency,
    load: async (db, range) =>
      (await amountPerDay(db, currency, range)).map((point) => ({
        ...point,
        value: point.value / minorPerMajor,
      })),
  };
}

/**
 * The dashboard's donation charts: one per currency of the default allow-list (the registry is fixed
 * at start, while the allow-list is a setting; gifts in other currencies show in the donations list).
 */
export const donationSeries: readonly DailySeries[] = ["EUR", "USD", "GBP", "CHF"].map(donationsPerDay);

export interface Shipment {
  donationId: number;
  rewardName: string | null;
  donorEmail: string | null;
  recipient: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  state: string;
  country: string;
  status: ShipmentStatus;
  trackingNumber: string | null;
  createdAt: number;
  shippedAt: number | null;
}

/** Shipments in one state, oldest first (the order a mailing house works through them). */
export async function listShipments(
  db: Db,
  status: ShipmentStatus,
  limit: number,
  after?: Pick<Shipment, "createdAt" | "donationId">,
): Promise<Shipment[]> {
  const rows = await db
    .selectFrom("donation_shipments")
    .innerJoin("donations", "donations.id", "donation_shipments.donation_id")
    .leftJoin("donation_rewards", "donation_rewards.id", "donation_shipments.reward_id")
    .select([
      "donation_shipments.donation_id",
      "donation_rewards.name as reward_name",
      "donations.donor_email",
      "donation_shipments.recipient",
      "donation_shipments.line1",
      "donation_shipments.line2",
      "donation_shipments.postal_code",
      "donation_shipments.city",
      "donation_shipments.state",
      "donation_shipments.country",
      "donation_shipments.status",
      "donation_shipments.tracking_number",
      "donation_shipments.created_at",
      "donation_shipments.shipped_at",
    ])
    .where("donation_shipments.status", "=", status)
    .$if(after !== undefined, (later) =>
      later.where((eb) =>
        eb.or([
          eb("donation_shipments.created_at", ">", after?.createdAt ?? 0),
          eb.and([
            eb("donation_shipments.created_at", "=", after?.createdAt ?? 0),
            eb("donation_shipments.donation_id", ">", after?.donationId ?? 0),
          ]),
        ]),
      ),
    )
    .orderBy("donation_shipments.created_at")
    .orderBy("donation_shipments.donation_id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    donationId: row.donation_id,
    rewardName: row.reward_name,
    donorEmail: row.donor_email,
    recipient: row.recipient,
    line1: row.line1,
    line2: row.line2,
    postalCode: row.postal_code,
    city: row.city,
    state: row.state,
    country: row.country,
    status: row.status,
    trackingNumber: row.tracking_number,
    createdAt: row.created_at,
    shippedAt: row.shipped_at,
  }));
}

/**
 * Marks a waiting shipment as sent; returns it, or undefined when it was not waiting (already
 * shipped, cancelled by a refund, or unknown), so a double click e-mails the donor once.
 */
export async function markShipped(
  db: Db,
  donationId: number,
  trackingNumber: string,
  now: number,
): Promise<{ donorEmail: string | null; rewardName: string | null } | undefined> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("donation_shipments")
      .set({ status: "shipped", tracking_number: trackingNumber, shipped_at: now })
      .where("donation_id", "=", donationId)
      .where("status", "=", "to-ship")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    return trx
      .selectFrom("donation_shipments")
      .innerJoin("donations", "donations.id", "donation_shipments.donation_id")
      .leftJoin("donation_rewards", "donation_rewards.id", "donation_shipments.reward_id")
      .select(["donations.donor_email as donorEmail", "donation_rewards.name as rewardName"])
      .where("donation_shipments.donation_id", "=", donationId)
      .executeTakeFirstOrThrow();
  });
}
