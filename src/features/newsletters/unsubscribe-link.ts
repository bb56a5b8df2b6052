import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The per-recipient unsubscribe link: the delivery id and an HMAC of it under the site secret, so one
 * POST with no sign-in ends exactly that reader's subscription to that newsletter, and no one can
 * forge a link for somebody else.
 */
/** The key for these links, derived from the site secret so it is used for nothing else. */
export const newsletterSecret = (siteSecret: string) =>
  createHmac("sha256", siteSecret).update("masthead-newsletters").digest("base64url");

const signature = (secret: string, deliveryId: number) =>
  createHmac("sha256", secret)
    .update(`newsletter-unsubscribe:${deliveryId}`)
    .digest("base64url")
    .slice(0, 32);

export const unsubscribeToken = (secret: string, deliveryId: number) =>
  `${deliveryId}.${signature(secret, deliveryId)}`;

export const UNSUBSCRIBE_TOKEN_PATTERN = "^[1-9][0-9]{0,14}\\.[A-Za-z0-9_-]{32}$";

/** The delivery a token names, or undefined when its signature does not match. */
export function deliveryOfToken(secret: string, token: string): number | undefined {
  const [id, given] = token.split(".");
  const deliveryId = Number(id);
  if (!Number.isSafeInteger(deliveryId) || deliveryId < 1 || !given) return undefined;
  const expected = Buffer.from(signature(secret, deliveryId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? deliveryId : undefined;
}
