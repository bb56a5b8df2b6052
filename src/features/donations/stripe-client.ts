import Stripe from "stripe";
import type { Config } from "../../config.js";

export type { Stripe };

/** The Stripe API client, or null when `STRIPE_SECRET_KEY` is not set (donations then explain so). */
export function createStripeClient(config: Pick<Config, "stripeSecretKey">): Stripe | null {
  if (!config.stripeSecretKey) return null;
  return new Stripe(config.stripeSecretKey, { maxNetworkRetries: 2, timeout: 20_000 });
}
