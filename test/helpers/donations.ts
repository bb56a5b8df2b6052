import type { DonationStatus } from "../../src/features/donations/donation.table.js";
import type { Db } from "../../src/storage/storage.js";

export interface TestGift {
  amount: number;
  currency: string;
  status: DonationStatus;
  email: string;
  at: number;
  campaignId?: number;
}

/** A donations row as the checkout and webhook would leave it. */
export const donationValues = (values: TestGift) => ({
  frequency: "one-time" as const,
  amount: values.amount,
  currency: values.currency,
  status: values.status,
  campaign_id: values.campaignId ?? null,
  reward_id: null,
  reward_reserved: 0,
  donor_email: values.email,
  donor_name: null,
  public_name: null,
  public_message: null,
  listed: 0,
  checkout_session_id: null,
  payment_intent_id: null,
  invoice_id: null,
  subscription_id: null,
  subscription_status: null,
  first_donation_id: null,
  created_at: values.at,
  paid_at: values.status === "pending" ? null : values.at,
  updated_at: values.at,
});

export async function addDonation(db: Db, values: TestGift) {
  const row = await db
    .insertInto("donations")
    .values(donationValues(values))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
