import { inBatches } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import type { SuppressionReason } from "./newsletter.table.js";

/** Subscribes (or re-subscribes) each address to a newsletter; an existing row keeps its first date. */
export async function activateSubscriptions(
  db: Db,
  rows: readonly { newsletterId: number; email: string }[],
  source: string,
  now: number,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("newsletter_subscriptions")
    .values(
      rows.map((row) => ({
        newsletter_id: row.newsletterId,
        email: row.email,
        status: "active" as const,
        source,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(["newsletter_id", "email"]).doUpdateSet({ status: "active", updated_at: now }),
    )
    .execute();
}

export async function endSubscription(db: Db, newsletterId: number, email: string, now: number) {
  await db
    .updateTable("newsletter_subscriptions")
    .set({ status: "unsubscribed", updated_at: now })
    .where("newsletter_id", "=", newsletterId)
    .where("email", "=", email)
    .where("status", "=", "active")
    .execute();
}

/** The newsletters this address receives. */
export async function activeNewsletterIds(db: Db, email: string): Promise<number[]> {
  const rows = await db
    .selectFrom("newsletter_subscriptions")
    .select("newsletter_id")
    .where("email", "=", email)
    .where("status", "=", "active")
    .execute();
  return rows.map((row) => row.newsletter_id);
}

export async function findSuppression(db: Db, email: string) {
  return db.selectFrom("newsletter_suppressions").selectAll().where("email", "=", email).executeTakeFirst();
}

/** Records why an address gets no more mail; a bounce or complaint is never downgraded to "unsubscribed". */
export async function suppress(
  db: Db,
  email: string,
  reason: SuppressionReason,
  detail: string,
  now: number,
) {
  await db
    .insertInto("newsletter_suppressions")
    .values({ email, reason, detail: detail.slice(0, 1000), created_at: now })
    .onConflict((conflict) =>
      reason === "unsubscribed"
        ? conflict.column("email").doNothing()
        : conflict.column("email").doUpdateSet({ reason, detail: detail.slice(0, 1000), created_at: now }),
    )
    .execute();
}

/** A reader who asks again after leaving everything is welcome back; bounces and complaints stay. */
export async function liftUnsubscribedSuppression(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom("newsletter_suppressions")
    .where("email", "=", email)
    .where("reason", "=", "unsubscribed")
    .execute();
}

/**
 * How an import must treat each of these addresses, for one newsletter: "suppressed" (bounced,
 * complained or unsubscribed from everything, or left this newsletter) or "active". Absent: new.
 */
export async function subscriptionStates(
  db: Db,
  newsletterId: number,
  emails: readonly string[],
): Promise<Map<string, "active" | "suppressed">> {
  const states = new Map<string, "active" | "suppressed">();
  if (emails.length === 0) return states;
  const subscriptions = await db
    .selectFrom("newsletter_subscriptions")
    .select(["email", "status"])
    .where("newsletter_id", "=", newsletterId)
    .where("email", "in", emails)
    .execute();
  for (const row of subscriptions) states.set(row.email, row.status === "active" ? "active" : "suppressed");
  const suppressed = await db
    .selectFrom("newsletter_suppressions")
    .select("email")
    .where("email", "in", emails)
    .execute();
  for (const row of suppressed) states.set(row.email, "suppressed");
  return states;
}

/** A newsletter's subscriptions, active and ended, by address, read in batches (for the CSV export). */
export const subscriberBatch = (db: Db, newsletterId: number) =>
  inBatches<{ email: string; status: string; source: string; created_at: number; updated_at: number }>(
    (after, limit) => {
      let query = db
        .selectFrom("newsletter_subscriptions")
        .select(["email", "status", "source", "created_at", "updated_at"])
        .where("newsletter_id", "=", newsletterId)
        .orderBy("email")
        .limit(limit);
      if (after) query = query.where("email", ">", after.email);
      return query.execute();
    },
  );
