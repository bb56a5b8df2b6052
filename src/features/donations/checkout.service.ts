import type Stripe from "stripe";
import { AppError } from "../../core/errors.js";
import { readerError } from "../../i18n/reader-error.js";
import type { Db } from "../../storage/storage.js";
import type { SiteSettings } from "../settings/settings.js";
import { REWARD_PROBLEMS, type Reward, rewardProblem } from "./donation.js";
import { findReward, findRunningCampaign } from "./donation.repository.js";
import type { Frequency } from "./donation.table.js";
import { AMOUNT_PROBLEMS, allowedCurrencies, fromMajor, parseAmount } from "./money.js";

/** What a reader asks for on the donate form; every field is checked here, nothing is trusted. */
export interface GiftRequest {
  amountText: string;
  currency: string;
  frequency: Frequency;
  rewardId: number | null;
  publicName: string;
  publicMessage: string;
  listed: boolean;
}

export interface CheckoutDeps {
  db: Db;
  stripe: Stripe;
  siteUrl: string;
  settings: Pick<SiteSettings, "title" | "donationCurrencies" | "donationMaximum">;
  now: number;
}

const CHECKOUT_LIFETIME_SECONDS = 60 * 60;

const soldOut = () => readerError("SOLD_OUT", 409, REWARD_PROBLEMS["sold-out"]).about("reward");
const badGift = (key: Parameters<typeof readerError>[2], values?: Record<string, string>) =>
  readerError("BAD_REQUEST", 400, key, values);

/** The gift in minor units and the reward it may carry, decided from settings and the database. */
async function checkGift(deps: CheckoutDeps, request: GiftRequest) {
  const currencies = allowedCurrencies(deps.settings.donationCurrencies);
  if (!currencies.includes(request.currency)) {
    throw badGift("problem.currency", { currencies: currencies.join(", ") }).about("currency");
  }
  const maximum = fromMajor(deps.settings.donationMaximum, request.currency);
  const parsed = parseAmount(request.amountText, request.currency, maximum);
  if (!parsed.ok) throw badGift(AMOUNT_PROBLEMS[parsed.problem]).about("custom");
  const gift = { amount: parsed.amount, currency: request.currency };
  let reward: Reward | undefined;
  if (request.rewardId !== null) {
    reward = await findReward(deps.db, request.rewardId);
    if (!reward) throw badGift(REWARD_PROBLEMS["not-offered"]).about("reward");
    const problem = rewardProblem(reward, gift);
    if (problem === "sold-out") throw soldOut();
    if (problem) throw badGift(REWARD_PROBLEMS[problem]).about("reward");
  }
  if (request.listed && request.publicName.trim() === "") {
    throw badGift("problem.publicName").about("publicName");
  }
  return { gift, reward };
}

/**
 * Stores a pending donation (holding one unit of a limited reward) and asks Stripe for a Checkout
 * Session for it; returns the URL to send the reader to. The stock is taken with a conditional update,
 * so of two readers racing for the last mug exactly one gets it; if Stripe fails, it is given back.
 */
export async function startCheckout(
  deps: CheckoutDeps,
  request: GiftRequest,
): Promise<{ url: string; donationId: number }> {
  const { db, now } = deps;
  const { gift, reward } = await checkGift(deps, request);
  const campaign = await findRunningCampaign(db, now);
  const donationId = await db.transaction().execute(async (trx) => {
    let reserved = 0;
    if (reward && reward.stock !== null) {
      const taken = await trx
        .updateTable("donation_rewards")
        .set((eb) => ({ stock: eb("stock", "-", 1) }))
        .where("id", "=", reward.id)
        .where("stock", ">", 0)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw soldOut();
      reserved = 1;
    }
    const row = await trx
      .insertInto("donations")
      .values({
        frequency: request.frequency,
        amount: gift.amount,
        currency: gift.currency,
        status: "pending",
        campaign_id: campaign?.id ?? null,
        reward_id: reward?.id ?? null,
        reward_reserved: reserved,
        public_name: request.listed ? request.publicName.trim() : null,
        public_message: request.listed && request.publicMessage.trim() ? request.publicMessage.trim() : null,
        listed: request.listed ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });

  let session: Stripe.Checkout.Session;
  try {
    session = await deps.stripe.checkout.sessions.create(
      sessionParams(deps, donationId, gift, request.frequency, reward),
      {
        idempotencyKey: `masthead-donation-${donationId}-${now}`,
      },
    );
  } catch (error) {
    await giveUpDonation(db, donationId, now);
    const unreachable = readerError("PAYMENT_PROVIDER", 502, "problem.paymentUnreachable");
    unreachable.privateContext.cause = error instanceof Error ? error.message : String(error);
    throw unreachable;
  }
  if (!session.url) throw new AppError("PAYMENT_PROVIDER", 502, "The payment service sent no checkout page.");
  await db
    .updateTable("donations")
    .set({ checkout_session_id: session.id, updated_at: now })
    .where("id", "=", donationId)
    .execute();
  return { url: session.url, donationId };
}

function sessionParams(
  deps: CheckoutDeps,
  donationId: number,
  gift: { amount: number; currency: string },
  frequency: Frequency,
  reward: Reward | undefined,
): Stripe.Checkout.SessionCreateParams {
  const monthly = frequency === "monthly";
  const metadata = { donation_id: String(donationId) };
  return {
    mode: monthly ? "subscription" : "payment",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: gift.currency.toLowerCase(),
          unit_amount: gift.amount,
          product_data: { name: `${monthly ? "Monthly donation" : "Donation"} to ${deps.settings.title}` },
          ...(monthly ? { recurring: { interval: "month" as const } } : {}),
        },
      },
    ],
    client_reference_id: String(donationId),
    metadata,
    ...(monthly
      ? { subscription_data: { metadata } }
      : { payment_intent_data: { metadata }, submit_type: "donate" as const }),
    ...(reward?.physical
      ? {
          shipping_address_collection: {
            allowed_countries:
              reward.shipCountries as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[],
          },
        }
      : {}),
    // An hour (Stripe's default is a day): an abandoned checkout gives its reward back sooner.
    expires_at: Math.floor(deps.now / 1000) + CHECKOUT_LIFETIME_SECONDS,
    success_url: `${deps.siteUrl}/donate/thanks/?session={CHECKOUT_SESSION_ID}`,
    cancel_url: `${deps.siteUrl}/donate/`,
  };
}

/** A donation that never reached Stripe: marked failed and its reward unit returned. */
async function giveUpDonation(db: Db, donationId: number, now: number) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("donations")
      .set({ status: "failed", updated_at: now })
      .where("id", "=", donationId)
      .where("status", "=", "pending")
      .execute();
    await releaseReward(trx, donationId);
  });
}

/** Gives back the reward unit a donation holds, once: the flag is cleared by the same conditional update. */
export async function releaseReward(trx: Db, donationId: number): Promise<void> {
  const released = await trx
    .updateTable("donations")
    .set({ reward_reserved: 0 })
    .where("id", "=", donationId)
    .where("reward_reserved", "=", 1)
    .returning("reward_id")
    .executeTakeFirst();
  if (released?.reward_id == null) return;
  await trx
    .updateTable("donation_rewards")
    .set((eb) => ({ stock: eb("stock", "+", 1) }))
    .where("id", "=", released.reward_id)
    .where("stock", "is not", null)
    .execute();
}
