import type Stripe from "stripe";
import type { Config } from "../../config.js";

export type { Stripe };

/**
 * The Stripe API client, or null when `STRIPE_SECRET_KEY` is not set (donations then explain so).
 * The package is loaded only then: a site that takes no donations never has it in memory.
 */
export async function createStripeClient(config: Pick<Config, "stripeSecretKey">): Promise<Stripe | null> {
  if (!config.stripeSecretKey) return null;
  const { default: Stripe } = await import("stripe");
  return new Stripe(config.stripeSecretKey, { maxNetworkRetries: 2, timeout: 20_000 });
}

/** Whether readers can give online: both Stripe secrets are set (the public header's Donate link). */
export const donationsOn = (config: Pick<Config, "stripeSecretKey" | "stripeWebhookSecret">): boolean =>
  Boolean(config.stripeSecretKey && config.stripeWebhookSecret);
