import { sql } from "kysely";
import type Stripe from "stripe";
import type { Db } from "../../storage/storage.js";
import { releaseReward } from "./checkout.service.js";
import type { DonationStatus } from "./donation.table.js";
import {
  findUnmatchedStripeEvent,
  recordUnmatchedStripeEvent,
  type UnmatchedStripeEvent,
} from "./unmatched-events.js";

/** A payment the donor should get a receipt for, known once the transaction has committed. */
export interface ReceiptDue {
  donationId: number;
  email: string;
  amount: number;
  currency: string;
  renewal: boolean;
}

export interface EventOutcome {
  /** False when this event id was applied before (Stripe delivers at least once). */
  applied: boolean;
  receipts: ReceiptDue[];
  /** Set when the event is about a payment that is none of this site's donations (recorded for staff). */
  unmatched: UnmatchedStripeEvent | null;
}

/** Facts fetched from Stripe before the transaction (the database transaction holds no network call). */
export interface EventFacts {
  /** For invoice.paid: the PaymentIntent that paid it, which a later refund names. */
  invoicePaymentIntent?: string | null;
}

const idOf = (value: string | { id: string } | null | undefined) =>
  value == null ? null : typeof value === "string" ? value : value.id;

const donationIdIn = (metadata: Stripe.Metadata | null | undefined): number | null => {
  const text = metadata?.donation_id;
  return text && /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : null;
};

/**
 * Applies one verified Stripe event in one transaction with the record of its id, so a repeated
 * delivery changes nothing. Each effect is also safe on its own against reordering: status moves only
 * forward (pending → paid/failed/expired, pending or paid → refunded; a refund is never undone), a
 * payment is keyed by its invoice or PaymentIntent, and a shipment by its donation.
 */
export async function applyStripeEvent(
  db: Db,
  event: Stripe.Event,
  now: number,
  facts: EventFacts = {},
): Promise<EventOutcome> {
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .insertInto("stripe_events")
      .values({ id: event.id, type: event.type, received_at: now })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .executeTakeFirst();
    if (Number(recorded.numInsertedOrUpdatedRows ?? 0) !== 1) {
      // A repeated delivery: answer as the first time did.
      return { applied: false, receipts: [], unmatched: await findUnmatchedStripeEvent(trx, event.id) };
    }
    const receipts: ReceiptDue[] = [];
    const payment = paymentOf(event);
    if (!payment) {
      await applyUnkeyedEvent(trx, event, now);
      return { applied: true, receipts, unmatched: null };
    }
    const donation = payment.donationId === null ? undefined : await findDonation(trx, payment.donationId);
    if (!donation) {
      const unmatched = {
        eventId: event.id,
        type: event.type,
        objectId: payment.objectId,
        reason:
          payment.donationId === null
            ? "No donation_id in the metadata"
            : `No donation ${payment.donationId} on this site`,
        amount: payment.amount,
        currency: payment.currency?.toUpperCase() ?? null,
        receivedAt: now,
      };
      await recordUnmatchedStripeEvent(trx, unmatched);
      return { applied: true, receipts, unmatched };
    }
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
        await completeSession(trx, event.data.object, donation, now, receipts);
        break;
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired":
        await abandon(
          trx,
          donation.id,
          event.type === "checkout.session.expired" ? "expired" : "failed",
          now,
        );
        break;
      case "invoice.paid":
        await invoicePaid(
          trx,
          event.data.object,
          donation,
          now,
          facts.invoicePaymentIntent ?? null,
          receipts,
        );
        break;
    }
    return { applied: true, receipts, unmatched: null };
  });
}

/**
 * Refunds and ended subscriptions name payments by their Stripe ids, not a donation_id; one that is
 * not ours matches nothing and changes nothing. Other event types are not ours to act on.
 */
async function applyUnkeyedEvent(trx: Db, event: Stripe.Event, now: number): Promise<void> {
  if (event.type === "charge.refunded") await chargeRefunded(trx, event.data.object, now);
  if (event.type === "customer.subscription.deleted") await subscriptionEnded(trx, event.data.object, now);
}

interface PaymentReference {
  /** The donation the event says it is about; null when its metadata names none. */
  donationId: number | null;
  objectId: string;
  amount: number | null;
  currency: string | null;
}

/** What a Checkout or invoice event says about its payment; undefined for other events. */
function paymentOf(event: Stripe.Event): PaymentReference | undefined {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const session = event.data.object;
      const { id, amount_total, currency } = session;
      return { donationId: donationIdIn(session.metadata), objectId: id, amount: amount_total, currency };
    }
    case "invoice.paid": {
      const invoice = event.data.object;
      const { id, amount_paid, currency } = invoice;
      return {
        donationId: subscriptionOf(invoice).firstDonationId,
        objectId: id,
        amount: amount_paid,
        currency,
      };
    }
    default:
      return undefined;
  }
}

/** pending → paid; true only for the call that made the change, so the receipt goes out once. */
async function markPaid(trx: Db, donationId: number, now: number): Promise<boolean> {
  const result = await trx
    .updateTable("donations")
    .set({ status: "paid", paid_at: now, updated_at: now })
    .where("id", "=", donationId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function abandon(trx: Db, donationId: number, status: DonationStatus, now: number) {
  const result = await trx
    .updateTable("donations")
    .set({ status, updated_at: now })
    .where("id", "=", donationId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) await releaseReward(trx, donationId);
}

const findDonation = (trx: Db, id: number) =>
  trx
    .selectFrom("donations")
    .select(["id", "status", "amount", "currency", "donor_email", "reward_id", "frequency"])
    .where("id", "=", id)
    .executeTakeFirst();

type DonationRow = NonNullable<Awaited<ReturnType<typeof findDonation>>>;

async function completeSession(
  trx: Db,
  session: Stripe.Checkout.Session,
  donation: DonationRow,
  now: number,
  receipts: ReceiptDue[],
) {
  const donationId = donation.id;
  const paymentIntent = idOf(session.payment_intent);
  const subscription = idOf(session.subscription);
  const customer = session.customer_details;
  // Details only fill gaps: an earlier event (invoice.paid) may have set them already.
  await trx
    .updateTable("donations")
    .set((eb) => ({
      checkout_session_id: eb.fn.coalesce("checkout_session_id", eb.val(session.id)),
      payment_intent_id: eb.fn.coalesce("payment_intent_id", eb.val(paymentIntent)),
      subscription_id: eb.fn.coalesce("subscription_id", eb.val(subscription)),
      subscription_status: subscription
        ? eb.fn.coalesce("subscription_status", eb.val("active"))
        : eb.ref("subscription_status"),
      donor_email: eb.fn.coalesce("donor_email", eb.val(customer?.email?.toLowerCase() ?? null)),
      donor_name: eb.fn.coalesce("donor_name", eb.val(customer?.name ?? null)),
      updated_at: now,
    }))
    .where("id", "=", donationId)
    .execute();
  if (paymentIntent) await applyKnownRefund(trx, paymentIntent, now);
  if (session.payment_status === "paid" && (await markPaid(trx, donationId, now))) {
    const email = customer?.email ?? donation.donor_email;
    if (email)
      receipts.push({
        donationId,
        email,
        amount: Number(donation.amount),
        currency: donation.currency,
        renewal: false,
      });
  }
  await addShipment(trx, donationId, donation.reward_id, session, now);
}

/** A physical reward's shipment, once per donation, and only for a donation that is paid. */
async function addShipment(
  trx: Db,
  donationId: number,
  rewardId: number | null,
  session: Stripe.Checkout.Session,
  now: number,
) {
  const shipping = session.collected_information?.shipping_details;
  if (rewardId === null || !shipping) return;
  const current = await findDonation(trx, donationId);
  if (current?.status !== "paid") return;
  const { address } = shipping;
  await trx
    .insertInto("donation_shipments")
    .values({
      donation_id: donationId,
      reward_id: rewardId,
      recipient: shipping.name,
      line1: address.line1 ?? "",
      line2: address.line2 ?? "",
      postal_code: address.postal_code ?? "",
      city: address.city ?? "",
      state: address.state ?? "",
      country: address.country ?? "",
      status: "to-ship",
      created_at: now,
    })
    .onConflict((conflict) => conflict.column("donation_id").doNothing())
    .execute();
}

function subscriptionOf(invoice: Stripe.Invoice) {
  const details = invoice.parent?.subscription_details;
  return { id: idOf(details?.subscription), firstDonationId: donationIdIn(details?.metadata) };
}

async function invoicePaid(
  trx: Db,
  invoice: Stripe.Invoice,
  first: DonationRow,
  now: number,
  paymentIntent: string | null,
  receipts: ReceiptDue[],
) {
  const subscription = subscriptionOf(invoice);
  const email = invoice.customer_email?.toLowerCase() ?? first.donor_email;
  if (invoice.billing_reason === "subscription_create") {
    // The first invoice is the gift the Checkout Session was for: the same donation, never a second one.
    await trx
      .updateTable("donations")
      .set((eb) => ({
        invoice_id: eb.fn.coalesce("invoice_id", eb.val(invoice.id)),
        payment_intent_id: eb.fn.coalesce("payment_intent_id", eb.val(paymentIntent)),
        subscription_id: eb.fn.coalesce("subscription_id", eb.val(subscription.id)),
        subscription_status: eb.fn.coalesce("subscription_status", eb.val("active")),
        donor_email: eb.fn.coalesce("donor_email", eb.val(email)),
        updated_at: now,
      }))
      .where("id", "=", first.id)
      .execute();
    if (paymentIntent) await applyKnownRefund(trx, paymentIntent, now);
    if ((await markPaid(trx, first.id, now)) && email) {
      receipts.push({
        donationId: first.id,
        email,
        amount: Number(first.amount),
        currency: first.currency,
        renewal: false,
      });
    }
    return;
  }
  const renewal = await trx
    .insertInto("donations")
    .values((eb) => ({
      frequency: "monthly",
      amount: invoice.amount_paid,
      currency: invoice.currency.toUpperCase(),
      status: "paid",
      campaign_id: eb.selectFrom("donations").select("campaign_id").where("id", "=", first.id),
      reward_id: null,
      reward_reserved: 0,
      donor_email: email,
      donor_name: eb.selectFrom("donations").select("donor_name").where("id", "=", first.id),
      public_name: eb.selectFrom("donations").select("public_name").where("id", "=", first.id),
      public_message: null,
      listed: eb.selectFrom("donations").select("listed").where("id", "=", first.id),
      invoice_id: invoice.id,
      payment_intent_id: paymentIntent,
      subscription_id: subscription.id,
      first_donation_id: first.id,
      created_at: now,
      paid_at: now,
      updated_at: now,
    }))
    .onConflict((conflict) => conflict.column("invoice_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!renewal) return;
  if (paymentIntent) await applyKnownRefund(trx, paymentIntent, now);
  if (invoice.amount_paid > 0 && email) {
    const current = await findDonation(trx, renewal.id);
    if (current?.status === "paid") {
      receipts.push({
        donationId: renewal.id,
        email,
        amount: invoice.amount_paid,
        currency: current.currency,
        renewal: true,
      });
    }
  }
}

/**
 * Records the refund by PaymentIntent, then applies it to the donation if it is already known;
 * otherwise the payment's own event applies it when it arrives.
 */
async function chargeRefunded(trx: Db, charge: Stripe.Charge, now: number) {
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent) return;
  // Refunds only grow, so the larger of the stored and the reported amount wins, whatever the order.
  await trx
    .insertInto("donation_refunds")
    .values({ payment_intent_id: paymentIntent, amount_refunded: charge.amount_refunded, recorded_at: now })
    .onConflict((conflict) =>
      conflict.column("payment_intent_id").doUpdateSet({
        amount_refunded: sql`case when excluded.amount_refunded > donation_refunds.amount_refunded then excluded.amount_refunded else donation_refunds.amount_refunded end`,
        recorded_at: now,
      }),
    )
    .execute();
  await applyKnownRefund(trx, paymentIntent, now);
}

/** Brings the donation paid by this PaymentIntent in line with the refunds recorded for it. */
async function applyKnownRefund(trx: Db, paymentIntent: string, now: number) {
  const refund = await trx
    .selectFrom("donation_refunds")
    .select("amount_refunded")
    .where("payment_intent_id", "=", paymentIntent)
    .executeTakeFirst();
  if (!refund) return;
  const donation = await trx
    .selectFrom("donations")
    .select(["id", "amount", "status"])
    .where("payment_intent_id", "=", paymentIntent)
    .executeTakeFirst();
  if (!donation || (donation.status !== "paid" && donation.status !== "pending")) return;
  const refunded = Math.min(Number(refund.amount_refunded), Number(donation.amount));
  const whole = refunded >= Number(donation.amount);
  await trx
    .updateTable("donations")
    .set({ refunded_amount: refunded, ...(whole ? { status: "refunded" as const } : {}), updated_at: now })
    .where("id", "=", donation.id)
    .execute();
  if (!whole) return;
  // A refunded gift ships nothing; a reward already sent stays sent.
  const cancelled = await trx
    .updateTable("donation_shipments")
    .set({ status: "cancelled" })
    .where("donation_id", "=", donation.id)
    .where("status", "=", "to-ship")
    .executeTakeFirst();
  const shipped = await trx
    .selectFrom("donation_shipments")
    .select("status")
    .where("donation_id", "=", donation.id)
    .where("status", "=", "shipped")
    .executeTakeFirst();
  if (Number(cancelled.numUpdatedRows) === 1 || !shipped) await releaseReward(trx, donation.id);
}

async function subscriptionEnded(trx: Db, subscription: Stripe.Subscription, now: number) {
  const donationId = donationIdIn(subscription.metadata);
  let query = trx
    .updateTable("donations")
    .set({ subscription_status: "cancelled", subscription_id: subscription.id, updated_at: now });
  query =
    donationId !== null
      ? query.where("id", "=", donationId)
      : query.where("subscription_id", "=", subscription.id).where("first_donation_id", "is", null);
  await query.execute();
}
