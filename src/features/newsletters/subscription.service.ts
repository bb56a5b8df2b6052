import { badRequest } from "../../core/errors.js";
import { hashToken, newToken } from "../../core/tokens.js";
import type { I18n } from "../../i18n/i18n.js";
import { readerError } from "../../i18n/reader-error.js";
import { isLinkUsable, useLinkOnce } from "../../storage/single-use-links.js";
import type { Db } from "../../storage/storage.js";
import { normaliseEmail } from "../accounts/user.js";
import type { Mailer } from "../mail/mailer.js";
import { defaultDisplayName } from "../readers/reader.js";
import { findOrCreateReader } from "../readers/reader.repository.js";
import type { ReaderDataKeeper } from "../readers/reader.service.js";
import { findDelivery, markUnsubscribed } from "./delivery.repository.js";
import { OPT_IN_LIFETIME_MS, OPT_INS_PER_HOUR } from "./newsletter.js";
import { listNewsletters } from "./newsletter.repository.js";
import {
  activateSubscriptions,
  activeNewsletterIds,
  endSubscription,
  findSuppression,
  liftUnsubscribedSuppression,
} from "./subscription.repository.js";
import { deliveryOfToken } from "./unsubscribe-link.js";

const invalidLink = () => readerError("INVALID_LINK", 400, "newsletters.confirm.unusable");

async function knownIds(db: Db, ids: readonly number[]): Promise<number[]> {
  const known = new Set((await listNewsletters(db)).map((newsletter) => newsletter.id));
  const chosen = [...new Set(ids)];
  if (chosen.length === 0) throw readerError("BAD_REQUEST", 400, "problem.chooseNewsletter");
  if (chosen.some((id) => !known.has(id))) throw readerError("BAD_REQUEST", 400, "problem.unknownNewsletter");
  return chosen;
}

/**
 * Double opt-in: mails a single-use link; nothing is subscribed until it is used. An address that
 * bounced or complained gets no mail at all, and the answer is the same, so the form reveals nothing.
 */
export async function requestSubscription(
  db: Db,
  mailer: Mailer,
  request: {
    email: string;
    newsletterIds: readonly number[];
    siteUrl: string;
    siteTitle: string;
    /** The site's language, for the confirmation e-mail. */
    i18n: I18n;
    now: number;
  },
): Promise<void> {
  const email = normaliseEmail(request.email);
  const ids = await knownIds(db, request.newsletterIds);
  const suppression = await findSuppression(db, email);
  if (suppression && suppression.reason !== "unsubscribed") return;
  const recent = await db
    .selectFrom("newsletter_optins")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("email", "=", email)
    .where("created_at", ">", request.now - 3_600_000)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= OPT_INS_PER_HOUR)
    throw readerError("TOO_MANY_LINKS", 429, "problem.tooManyOptIns");
  const { token, hash } = newToken();
  await db
    .insertInto("newsletter_optins")
    .values({
      token_hash: hash,
      email,
      newsletter_ids: ids.join(","),
      created_at: request.now,
      expires_at: request.now + OPT_IN_LIFETIME_MS,
      used_at: null,
    })
    .execute();
  const { t } = request.i18n;
  const site = request.siteTitle;
  await mailer.send({
    to: email,
    subject: t("mail.optIn.subject", { site }),
    text: [
      t("mail.optIn.asked", { site }),
      "",
      t("mail.optIn.link", { hours: OPT_IN_LIFETIME_MS / 3_600_000 }),
      `${request.siteUrl}/newsletters/confirm/${token}`,
      "",
      t("mail.optIn.notYou"),
    ].join("\n"),
  });
}

/** Uses an opt-in link once: the reader account is found or created, and the subscriptions start. */
export async function confirmSubscription(db: Db, token: string, now: number) {
  const hash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    if (!(await useLinkOnce(trx, "newsletter_optins", hash, now))) throw invalidLink();
    const optIn = await trx
      .selectFrom("newsletter_optins")
      .select(["email", "newsletter_ids"])
      .where("token_hash", "=", hash)
      .executeTakeFirstOrThrow();
    const reader = await findOrCreateReader(trx, optIn.email, defaultDisplayName(optIn.email), now);
    const ids = optIn.newsletter_ids.split(",").map(Number);
    await activateSubscriptions(
      trx,
      ids.map((newsletterId) => ({ newsletterId, email: optIn.email })),
      "opt-in",
      now,
    );
    await liftUnsubscribedSuppression(trx, optIn.email);
    return { reader, newsletterIds: ids };
  });
}

/**
 * A signed-in reader's choice on /account/: their address is already proven, so no link is needed.
 * Newsletters left unticked end; ticked ones start.
 */
export async function chooseSubscriptions(
  db: Db,
  email: string,
  newsletterIds: readonly number[],
  now: number,
) {
  const wanted = newsletterIds.length === 0 ? [] : await knownIds(db, newsletterIds);
  const suppression = await findSuppression(db, email);
  if (suppression && suppression.reason !== "unsubscribed" && wanted.length > 0)
    throw badRequest(`Mail to this address ${suppression.reason}; we cannot send newsletters to it.`);
  await db.transaction().execute(async (trx) => {
    for (const id of await activeNewsletterIds(trx, email))
      if (!wanted.includes(id)) await endSubscription(trx, id, email, now);
    await activateSubscriptions(
      trx,
      wanted.map((newsletterId) => ({ newsletterId, email })),
      "account",
      now,
    );
    if (wanted.length > 0) await liftUnsubscribedSuppression(trx, email);
  });
}

/** The newsletters this address receives. */
export const subscriptionsOf = (db: Db, email: string) => activeNewsletterIds(db, normaliseEmail(email));

/** Whether an opt-in link can still be used (for the confirmation page; using it is what counts). */
export const isOptInUsable = (db: Db, token: string, now: number) =>
  isLinkUsable(db, "newsletter_optins", hashToken(token), now);

/**
 * One-click unsubscribe (RFC 8058) from the signed link in an e-mail: that reader leaves that
 * newsletter; the delivery records it, so the figures show it. Using it twice changes nothing.
 */
export async function unsubscribeWithLink(db: Db, secret: string, token: string, now: number) {
  const deliveryId = deliveryOfToken(secret, token);
  const delivery = deliveryId === undefined ? undefined : await findDelivery(db, deliveryId);
  if (!delivery) throw readerError("INVALID_LINK", 400, "newsletters.unsubscribe.unusable");
  await db.transaction().execute(async (trx) => {
    await endSubscription(trx, delivery.newsletter_id, delivery.email, now);
    await markUnsubscribed(trx, delivery.id, now);
  });
  return { email: delivery.email, newsletterId: delivery.newsletter_id };
}

export const isUnsubscribeLinkValid = (secret: string, token: string) =>
  deliveryOfToken(secret, token) !== undefined;

/**
 * What this feature keeps about a reader, for their data download and account deletion (registered
 * with the readers feature in app.ts): their subscriptions go with the account.
 */
export const newslettersReaderData: ReaderDataKeeper = {
  name: "newsletters",
  exportFor: async (db, reader) =>
    db
      .selectFrom("newsletter_subscriptions")
      .innerJoin("newsletters", "newsletters.id", "newsletter_subscriptions.newsletter_id")
      .select(["newsletters.name", "newsletter_subscriptions.status", "newsletter_subscriptions.created_at"])
      .where("newsletter_subscriptions.email", "=", reader.email)
      .execute(),
  eraseFor: async (db, reader) => {
    await db.deleteFrom("newsletter_subscriptions").where("email", "=", reader.email).execute();
    await db.deleteFrom("newsletter_optins").where("email", "=", reader.email).execute();
  },
};
