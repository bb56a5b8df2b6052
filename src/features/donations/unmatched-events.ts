import type { Selectable } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { DonationTables } from "./donation.table.js";

/**
 * A signed Stripe event about a payment that is not one of this site's donations: most often a
 * second site (or a test set-up) sharing the Stripe account and its webhook endpoint. Kept so staff
 * notice it; nothing else is done with it.
 */
export interface UnmatchedStripeEvent {
  eventId: string;
  type: string;
  /** The Checkout Session or invoice the event is about, to look up in Stripe's dashboard. */
  objectId: string;
  reason: string;
  amount: number | null;
  currency: string | null;
  receivedAt: number;
}

type UnmatchedRow = Selectable<DonationTables["donation_unmatched_events"]>;

const toUnmatchedEvent = (row: UnmatchedRow): UnmatchedStripeEvent => ({
  eventId: row.event_id,
  type: row.type,
  objectId: row.object_id,
  reason: row.reason,
  amount: row.amount === null ? null : Number(row.amount),
  currency: row.currency,
  receivedAt: Number(row.received_at),
});

/** Once per event id: Stripe delivers at least once. */
export async function recordUnmatchedStripeEvent(db: Db, event: UnmatchedStripeEvent): Promise<void> {
  await db
    .insertInto("donation_unmatched_events")
    .values({
      event_id: event.eventId,
      type: event.type,
      object_id: event.objectId,
      reason: event.reason,
      amount: event.amount,
      currency: event.currency,
      received_at: event.receivedAt,
    })
    .onConflict((conflict) => conflict.column("event_id").doNothing())
    .execute();
}

export async function findUnmatchedStripeEvent(
  db: Db,
  eventId: string,
): Promise<UnmatchedStripeEvent | null> {
  const row = await db
    .selectFrom("donation_unmatched_events")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row ? toUnmatchedEvent(row) : null;
}

/** How many arrived since `since`: the donations page warns while there are recent ones. */
export async function countUnmatchedStripeEventsSince(db: Db, since: number): Promise<number> {
  const row = await db
    .selectFrom("donation_unmatched_events")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("received_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Newest first; `limit` rows from `offset`. */
export async function listUnmatchedStripeEvents(
  db: Db,
  page: { limit: number; offset?: number },
): Promise<UnmatchedStripeEvent[]> {
  const rows = await db
    .selectFrom("donation_unmatched_events")
    .selectAll()
    .orderBy("received_at", "desc")
    .orderBy("event_id", "desc")
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map(toUnmatchedEvent);
}
