import { type ExportPart, tableType } from "../export/export-part.js";

/** Campaigns, rewards, donations with their shipments and refunds, and the Stripe events already handled. */
export const donationExport: ExportPart = {
  feature: "donations",
  types: [
    tableType("donation_campaigns"),
    tableType("donation_rewards"),
    tableType("donation_reward_minimums", { key: ["reward_id", "currency"] }),
    tableType("donations"),
    tableType("donation_shipments", { key: ["donation_id"] }),
    tableType("donation_refunds", { key: ["payment_intent_id"] }),
    // Kept so a Stripe event delivered again after the move changes nothing (see stripe-events.ts).
    tableType("stripe_events", { key: ["id"] }),
    tableType("donation_unmatched_events", { key: ["event_id"] }),
  ],
};
