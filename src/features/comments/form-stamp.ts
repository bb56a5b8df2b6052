import { createHmac, timingSafeEqual } from "node:crypto";

/** People take longer than this between seeing the comment form and sending it; simple bots do not. */
export const MIN_FORM_MS = 3_000;

const sign = (secret: string, at: number) =>
  createHmac("sha256", secret).update(`comment-form:${at}`).digest("base64url").slice(0, 22);

/** The time the form is shown, to the second, signed so a bot cannot backdate it. */
export function stampForm(secret: string, now: number): string {
  const at = now - (now % 1000);
  return `${at}.${sign(secret, at)}`;
}

export type StampCheck = "ok" | "too-fast" | "invalid";

export function checkStamp(secret: string, stamp: string | undefined, now: number): StampCheck {
  const match = /^(\d{1,15})\.([\w-]{22})$/.exec(stamp ?? "");
  if (!match) return "invalid";
  const at = Number(match[1]);
  const expected = Buffer.from(sign(secret, at));
  if (!timingSafeEqual(expected, Buffer.from(match[2] ?? ""))) return "invalid";
  return now - at < MIN_FORM_MS ? "too-fast" : "ok";
}
