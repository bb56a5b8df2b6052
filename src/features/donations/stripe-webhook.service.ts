import type Stripe from "stripe";
import { AppError } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import type { Mailer } from "../mail/mailer.js";
import { type ReceiptSite, receiptMail } from "./receipts.js";
import { applyStripeEvent, type EventFacts } from "./stripe-events.js";

export interface WebhookDeps {
  db: Db;
  stripe: Stripe;
  mailer: Mailer;
  now: number;
  loadSite: () => Promise<ReceiptSite>;
  /** A receipt the mail server refused: logged, never retried by making Stripe redeliver. */
  onReceiptFailure: (error: unknown, donationId: number) => void;
}

/** The event Stripe sent, if the signature over these exact bytes matches; a 400 otherwise. */
export function verifyStripeEvent(
  stripe: Stripe,
  secret: string,
  body: unknown,
  signature: string | string[] | undefined,
  now: number,
): Stripe.Event {
  if (typeof signature !== "string" || !Buffer.isBuffer(body)) {
    throw new AppError("BAD_SIGNATURE", 400, "Missing Stripe signature.");
  }
  try {
    return stripe.webhooks.constructEvent(body, signature, secret, undefined, undefined, now);
  } catch {
    throw new AppError("BAD_SIGNATURE", 400, "The Stripe signature does not match.");
  }
}

/**
 * Applies one verified Stripe event (idempotently, keyed on its id: see stripe-events.ts), then sends
 * the receipts it calls for. Returns whether it was new.
 */
export async function handleStripeEvent(
  deps: WebhookDeps,
  event: Stripe.Event,
): Promise<{ applied: boolean }> {
  const facts: EventFacts = {};
  if (event.type === "invoice.paid") {
    facts.invoicePaymentIntent = await paymentIntentOfInvoice(deps.stripe, event.data.object);
  }
  const outcome = await applyStripeEvent(deps.db, event, deps.now, facts);
  if (outcome.receipts.length > 0) {
    const site = await deps.loadSite();
    for (const receipt of outcome.receipts) {
      // The payment is stored; a mail server hiccup must not make Stripe redeliver (and count twice).
      await deps.mailer
        .send(receiptMail(receipt, site))
        .catch((error: unknown) => deps.onReceiptFailure(error, receipt.donationId));
    }
  }
  return { applied: outcome.applied };
}

/** The PaymentIntent that paid an invoice (a later refund names it): from the event, else asked of Stripe. */
async function paymentIntentOfInvoice(stripe: Stripe, invoice: Stripe.Invoice): Promise<string | null> {
  const paid = (payments: Stripe.InvoicePayment[]) => {
    const found = payments.find((payment) => payment.status === "paid" && payment.payment.payment_intent);
    const intent = found?.payment.payment_intent;
    return intent ? (typeof intent === "string" ? intent : intent.id) : null;
  };
  if (invoice.payments?.data.length) return paid(invoice.payments.data);
  if (invoice.amount_paid === 0) return null;
  const list = await stripe.invoicePayments.list({ invoice: invoice.id, status: "paid", limit: 10 });
  return paid(list.data);
}
