import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Stripe from "stripe";
import { ConfigError, loadConfig } from "../../config.js";
import { createStripeClient } from "./stripe-client.js";

describe("the Stripe client from configuration", () => {
  it("exists only when STRIPE_SECRET_KEY is set, and refuses a publishable key", async () => {
    assert.equal(await createStripeClient(loadConfig({})), null);
    const config = loadConfig({ STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc" });
    assert.ok((await createStripeClient(config)) instanceof Stripe);
    assert.equal(config.stripeWebhookSecret, "whsec_abc");
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: "pk_live_abc" }), ConfigError);
    assert.throws(() => loadConfig({ STRIPE_WEBHOOK_SECRET: "secret" }), ConfigError);
  });
});
