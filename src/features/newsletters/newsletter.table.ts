import type { Generated } from "kysely";

export type Cadence = "each-story" | "daily" | "weekly" | "manual";
export type DeliveryStatus = "queued" | "sending" | "sent" | "failed" | "skipped" | "bounced";
export type SuppressionReason = "bounced" | "complained" | "unsubscribed";
/** Per article: on the site only, on the site and by e-mail (the default), or by e-mail only. */
export type ArticleMailMode = "site" | "site-and-email" | "email";

export interface NewsletterTables {
  newsletters: {
    id: Generated<number>;
    slug: string;
    name: string;
    description: string;
    sender_name: string;
    sender_email: string;
    reply_to: string;
    cadence: Cadence;
    send_time: string;
    send_weekday: number;
    created_at: number;
  };
  newsletter_sections: { newsletter_id: number; category_id: number };
  newsletter_article_modes: { article_id: number; mode: ArticleMailMode; updated_at: number };
  newsletter_subscriptions: {
    newsletter_id: number;
    email: string;
    status: "active" | "unsubscribed";
    source: string;
    created_at: number;
    updated_at: number;
  };
  newsletter_optins: {
    token_hash: string;
    email: string;
    newsletter_ids: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  newsletter_suppressions: { email: string; reason: SuppressionReason; detail: string; created_at: number };
  newsletter_issues: {
    id: Generated<number>;
    newsletter_id: number;
    issue_key: string;
    subject: string;
    html: string;
    text: string;
    created_at: number;
  };
  newsletter_deliveries: {
    id: Generated<number>;
    issue_id: number;
    email: string;
    status: DeliveryStatus;
    claim: string | null;
    attempts: number;
    retry_at: number;
    last_error: string | null;
    sent_at: number | null;
    unsubscribed_at: number | null;
  };
  newsletter_jobs: {
    id: Generated<number>;
    issue_id: number;
    first_delivery_id: number;
    last_delivery_id: number;
    status: "ready" | "running" | "done";
    run_after: number;
    claim: string | null;
    locked_until: number;
    created_at: number;
  };
}
