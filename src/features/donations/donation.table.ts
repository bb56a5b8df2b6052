import type { Generated } from "kysely";

export type Frequency = "one-time" | "monthly";
export type DonationStatus = "pending" | "paid" | "failed" | "expired" | "refunded";
export type ShipmentStatus = "to-ship" | "shipped" | "cancelled";

export interface DonationTables {
  donation_campaigns: {
    id: Generated<number>;
    title: string;
    description: string;
    /** Minor units of goal_currency. */
    goal_amount: number;
    goal_currency: string;
    starts_at: number;
    ends_at: number;
    created_at: number;
  };
  donation_rewards: {
    id: Generated<number>;
    name: string;
    description: string;
    image_url: string;
    physical: number;
    /** Comma-separated ISO 3166 codes ("DE,FR,CH"); "" for a reward that is not shipped. */
    ship_countries: string;
    stock: number | null;
    active: number;
    created_at: number;
  };
  donation_reward_minimums: { reward_id: number; currency: string; amount: number };
  donations: {
    id: Generated<number>;
    frequency: Frequency;
    /** Minor units of currency (cents); never a float. */
    amount: number;
    currency: string;
    status: DonationStatus;
    refunded_amount: Generated<number>;
    campaign_id: number | null;
    reward_id: number | null;
    reward_reserved: number;
    donor_email: string | null;
    donor_name: string | null;
    public_name: string | null;
    public_message: string | null;
    /** 1 when the donor asked to appear on the supporters page. */
    listed: number;
    checkout_session_id: string | null;
    payment_intent_id: string | null;
    invoice_id: string | null;
    subscription_id: string | null;
    subscription_status: string | null;
    /** A monthly renewal points at the donation that started the subscription. */
    first_donation_id: number | null;
    created_at: number;
    paid_at: number | null;
    updated_at: number;
  };
  donation_shipments: {
    donation_id: number;
    reward_id: number | null;
    recipient: string;
    line1: string;
    line2: string;
    postal_code: string;
    city: string;
    state: string;
    country: string;
    status: ShipmentStatus;
    tracking_number: string | null;
    created_at: number;
    shipped_at: number | null;
  };
  donation_refunds: { payment_intent_id: string; amount_refunded: number; recorded_at: number };
  stripe_events: { id: string; type: string; received_at: number };
  /** Signed events naming no donation of this site; `amount` in minor units of `currency`. */
  donation_unmatched_events: {
    event_id: string;
    type: string;
    object_id: string;
    reason: string;
    amount: number | null;
    currency: string | null;
    received_at: number;
  };
}
