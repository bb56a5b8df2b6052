import type { Db } from "../../src/storage/storage.js";

/**
 * One record of every kind the demo site lacks (staff, readers, comments, votes with legacy tallies,
 * donations with a shipment and a refund, subscribers, redirects, old slugs), written straight to the
 * tables so an export has something in each of its files. Needs an article, a category, a tag-less
 * author, a reward and a newsletter to exist (the demo site has them).
 */
export async function addOneOfEverything(db: Db, now: number): Promise<void> {
  const article = await db.selectFrom("articles").select("id").orderBy("id").executeTakeFirstOrThrow();
  const author = await db.selectFrom("authors").select("id").orderBy("id").executeTakeFirstOrThrow();
  const category = await db.selectFrom("categories").select("id").orderBy("id").executeTakeFirstOrThrow();
  const tag = await db.selectFrom("tags").select("id").orderBy("id").executeTakeFirstOrThrow();
  const reward = await db.selectFrom("donation_rewards").select("id").orderBy("id").executeTakeFirstOrThrow();
  const newsletter = await db.selectFrom("newsletters").select("id").orderBy("id").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({
      email: "owner@example.test",
      name: "Olga Owner",
      role: "owner",
      password_hash: "scrypt$secret-hash-never-exported",
      author_id: author.id,
      created_at: now,
      suspended_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("media")
    .values({
      file_key: "uploads/photo",
      original_name: "photo.jpg",
      content_type: "image/jpeg",
      bytes: 10,
      width: 4,
      height: 3,
      variant_widths: "320",
      uploaded_by: user.id,
      created_at: now,
    })
    .execute();
  const reader = await db
    .insertInto("readers")
    .values({ email: "reader@example.test", display_name: "Rita Reader", created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const comment = await db
    .insertInto("comments")
    .values({
      article_id: article.id,
      parent_id: null,
      thread_id: null,
      depth: 0,
      reader_id: reader.id,
      author_key: `reader:${reader.id}`,
      author_name: "Rita Reader",
      author_email: "reader@example.test",
      body: "First, with “quotes” and an emoji 🗞️.",
      status: "approved",
      held_reason: null,
      notify_replies: 1,
      ip_hash: "address-hash-never-exported",
      created_at: now,
      edited_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("comments")
    .values({
      article_id: article.id,
      parent_id: comment.id,
      thread_id: comment.id,
      depth: 1,
      reader_id: null,
      author_key: "guest:abc",
      author_name: "Guest",
      author_email: null,
      body: "A reply.",
      status: "pending",
      held_reason: "first comment",
      notify_replies: 0,
      ip_hash: null,
      created_at: now + 1,
      edited_at: null,
    })
    .execute();
  await db
    .insertInto("comment_flags")
    .values({ comment_id: comment.id, flagger_key: "anon:1", created_at: now })
    .execute();
  await db
    .insertInto("comment_bans")
    .values({ subject: "email:troll@example.test", created_at: now })
    .execute();
  await db
    .insertInto("comment_counters")
    .values({ article_id: article.id, approved: 1, version: 1 })
    .execute();
  await db
    .insertInto("votes")
    .values({
      article_id: article.id,
      voter_key: "anon:voter-1",
      value: 1,
      status: "counted",
      held_reason: null,
      ip_hash: "vote-address-never-exported",
      network_hash: "vote-network-never-exported",
      fresh_voter: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("vote_counters")
    .values({ article_id: article.id, up: 1, down: 0, legacy_up: 40, legacy_down: 3 })
    .execute();
  const campaign = await db
    .insertInto("donation_campaigns")
    .values({
      title: "Winter drive",
      description: "",
      goal_amount: 500_000,
      goal_currency: "EUR",
      starts_at: now,
      ends_at: now + 1,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const donation = await db
    .insertInto("donations")
    .values({
      frequency: "one-time",
      amount: 2500,
      currency: "EUR",
      status: "paid",
      campaign_id: campaign.id,
      reward_id: reward.id,
      reward_reserved: 1,
      donor_email: "donor@example.test",
      donor_name: "Dora Donor",
      public_name: "Dora",
      public_message: "Keep going",
      listed: 1,
      checkout_session_id: "cs_1",
      payment_intent_id: "pi_1",
      invoice_id: null,
      subscription_id: null,
      subscription_status: null,
      first_donation_id: null,
      created_at: now,
      paid_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("donation_shipments")
    .values({
      donation_id: donation.id,
      reward_id: reward.id,
      recipient: "Dora Donor",
      line1: "1 Quay",
      line2: "",
      postal_code: "10115",
      city: "Berlin",
      state: "",
      country: "DE",
      status: "to-ship",
      tracking_number: null,
      created_at: now,
      shipped_at: null,
    })
    .execute();
  await db
    .insertInto("donation_refunds")
    .values({ payment_intent_id: "pi_1", amount_refunded: 500, recorded_at: now })
    .execute();
  await db
    .insertInto("stripe_events")
    .values({ id: "evt_1", type: "checkout.session.completed", received_at: now })
    .execute();
  await db
    .insertInto("donation_unmatched_events")
    .values({
      event_id: "evt_2",
      type: "charge.refunded",
      object_id: "ch_9",
      reason: "no donation",
      amount: 100,
      currency: "EUR",
      received_at: now,
    })
    .execute();
  await db
    .insertInto("newsletter_subscriptions")
    .values({
      newsletter_id: newsletter.id,
      email: "reader@example.test",
      status: "active",
      source: "form",
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("newsletter_suppressions")
    .values({ email: "gone@example.test", reason: "bounced", detail: "550", created_at: now })
    .execute();
  await db
    .insertInto("newsletter_issues")
    .values({
      newsletter_id: newsletter.id,
      issue_key: "2026-11-25",
      subject: "Today",
      html: "<p>Hi</p>",
      text: "Hi",
      created_at: now,
    })
    .execute();
  await db
    .insertInto("redirects")
    .values({ from_path: "/?p=12", to_url: "/harbour/", created_at: now })
    .execute();
  await db
    .insertInto("article_slug_redirects")
    .values({ old_slug: "old-harbour", article_id: article.id })
    .execute();
  await db
    .insertInto("category_slug_redirects")
    .values({ old_slug: "old-section", target_id: category.id })
    .execute();
  await db.insertInto("tag_slug_redirects").values({ old_slug: "old-tag", target_id: tag.id }).execute();
}
