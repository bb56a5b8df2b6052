import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { IssueForSending } from "./issue.message.js";
import type { RenderedIssue } from "./issue.render.js";

export async function findIssueForSending(
  db: Db,
  issueId: number,
): Promise<IssueForSending & { newsletterId: number }> {
  const row = await db
    .selectFrom("newsletter_issues")
    .innerJoin("newsletters", "newsletters.id", "newsletter_issues.newsletter_id")
    .select([
      "newsletter_issues.id",
      "newsletter_issues.subject",
      "newsletter_issues.html",
      "newsletter_issues.text",
      "newsletters.id as newsletter_id",
      "newsletters.slug",
      "newsletters.name",
      "newsletters.sender_name",
      "newsletters.sender_email",
      "newsletters.reply_to",
    ])
    .where("newsletter_issues.id", "=", issueId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    subject: row.subject,
    html: row.html,
    text: row.text,
    newsletterId: row.newsletter_id,
    newsletter: {
      slug: row.slug,
      name: row.name,
      senderName: row.sender_name,
      senderEmail: row.sender_email,
      replyTo: row.reply_to,
    },
  };
}

/**
 * The issue row (once per key: a second call finds the first) and, with it in one transaction, a
 * delivery row per active, unsuppressed subscriber. Returns the new delivery ids, none when the
 * issue already existed.
 */
export async function insertIssueWithDeliveries(
  db: Db,
  input: { newsletterId: number; issueKey: string; rendered: RenderedIssue; now: number },
): Promise<{ issueId: number; deliveryIds: number[] }> {
  const inserted = await db
    .insertInto("newsletter_issues")
    .values({
      newsletter_id: input.newsletterId,
      issue_key: input.issueKey,
      subject: input.rendered.subject,
      html: input.rendered.html,
      text: input.rendered.text,
      created_at: input.now,
    })
    .onConflict((conflict) => conflict.columns(["newsletter_id", "issue_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db
      .selectFrom("newsletter_issues")
      .select("id")
      .where("newsletter_id", "=", input.newsletterId)
      .where("issue_key", "=", input.issueKey)
      .executeTakeFirstOrThrow();
    return { issueId: existing.id, deliveryIds: [] };
  }
  await db
    .insertInto("newsletter_deliveries")
    .columns(["issue_id", "email", "status", "attempts", "retry_at"])
    .expression((eb) =>
      eb
        .selectFrom("newsletter_subscriptions")
        .select([
          sql.lit(inserted.id).as("issue_id"),
          "email",
          sql.lit("queued").as("status"),
          sql.lit(0).as("attempts"),
          sql.lit(0).as("retry_at"),
        ])
        .where("newsletter_id", "=", input.newsletterId)
        .where("status", "=", "active")
        .where("email", "not in", eb.selectFrom("newsletter_suppressions").select("email"))
        .orderBy("email"),
    )
    .execute();
  const rows = await db
    .selectFrom("newsletter_deliveries")
    .select("id")
    .where("issue_id", "=", inserted.id)
    .orderBy("id")
    .execute();
  return { issueId: inserted.id, deliveryIds: rows.map((row) => row.id) };
}

export async function listIssues(db: Db, newsletterId: number, limit: number) {
  return db
    .selectFrom("newsletter_issues")
    .select(["id", "subject", "issue_key", "created_at"])
    .where("newsletter_id", "=", newsletterId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function findIssue(db: Db, issueId: number) {
  return db.selectFrom("newsletter_issues").selectAll().where("id", "=", issueId).executeTakeFirst();
}

export async function allIssueIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom("newsletter_issues").select("id").orderBy("id").execute();
  return rows.map((row) => row.id);
}
