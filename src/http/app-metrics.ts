// Apart from metrics.ts, so that a site without METRICS_TOKEN never loads prom-client: app.ts
// imports metrics.ts only when the token is set.
import type { Mailer } from "../features/mail/mailer.js";

/** How a Stripe webhook delivery ended (a 5xx shows in the route's request counts instead). */
export type WebhookOutcome = "applied" | "duplicate" | "unmatched" | "refused" | "payments_off";

/** What features report to /metrics; without METRICS_TOKEN, NO_METRICS, which does nothing. */
export interface AppMetrics {
  /** The mailer, counting each send as sent or failed. */
  countingMails(mailer: Mailer): Mailer;
  /** A vote batch was written: its size, and seconds from handing it to the writer to its commit. */
  voteBatchWritten(votes: number, seconds: number): void;
  webhookAnswered(outcome: WebhookOutcome): void;
}

export const NO_METRICS: AppMetrics = {
  countingMails: (mailer) => mailer,
  voteBatchWritten: () => {},
  webhookAnswered: () => {},
};
