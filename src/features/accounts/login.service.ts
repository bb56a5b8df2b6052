import { createHash } from "node:crypto";
import { AppError } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { decoyHash, verifyPassword } from "./password.js";
import type { StaffUser } from "./user.js";
import { normaliseEmail } from "./user.js";
import { findUserRowByEmail, toStaffUser } from "./user.repository.js";

export const THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000 };

// One message for an unknown e-mail and a wrong password, so the form does not reveal who has an account.
export const badCredentials = () => new AppError("BAD_CREDENTIALS", 401, "Wrong e-mail or password.");

const tooManyAttempts = (retryAfterMs: number) =>
  new AppError(
    "TOO_MANY_ATTEMPTS",
    429,
    `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterMs / 60_000)} minutes.`,
    { retryAfterMs },
  );

// The same words whether or not the account exists, so the form does not reveal who has one.
const linkSent = () =>
  new AppError(
    "SIGN_IN_LINK_SENT",
    429,
    "Too many failed sign-ins for this account. If it is yours, we have e-mailed you a one-time link to sign in.",
  );

const accountSubject = (email: string) => `account:${email}`;
// A keyed hash would add nothing here: the row is deleted within the window and never shown.
const addressSubject = (ip: string) => `ip:${createHash("sha256").update(ip).digest("hex")}`;
// One row per e-mailed link, so a stranger hammering the form sends the owner one e-mail per window.
const linkSubject = (email: string) => `link:${email}`;

async function failuresWithin(db: Db, subject: string, now: number) {
  return db
    .selectFrom("login_failures")
    .select("failed_at")
    .where("subject", "=", subject)
    .where("failed_at", ">", now - THROTTLE.windowMs)
    .orderBy("failed_at", "desc")
    .limit(THROTTLE.maxFailures)
    .execute();
}

/** The address is refused while it has failed too often within the window: it is one client. */
async function checkAddress(db: Db, ip: string, now: number): Promise<void> {
  const oldest = (await failuresWithin(db, addressSubject(ip), now))[THROTTLE.maxFailures - 1];
  if (oldest) throw tooManyAttempts(oldest.failed_at + THROTTLE.windowMs - now);
}

/**
 * An account that failed too often takes the slower path: passwords are no longer checked for it
 * within the window, and its owner is e-mailed a one-time link instead. Refusing it outright would let
 * any stranger lock an editor out with ten wrong passwords.
 */
async function checkAccount(db: Db, email: string, now: number, mailLink: MailLink): Promise<void> {
  if ((await failuresWithin(db, accountSubject(email), now)).length < THROTTLE.maxFailures) return;
  if ((await failuresWithin(db, linkSubject(email), now)).length === 0) {
    await db
      .insertInto("login_failures")
      .values({ subject: linkSubject(email), failed_at: now })
      .execute();
    await mailLink(email);
  }
  throw linkSent();
}

/** Mails the account with this address (if there is one) a one-time link that lets its owner in. */
export type MailLink = (email: string) => Promise<void>;

export async function signIn(
  db: Db,
  attempt: { email: string; password: string; ip: string; now: number; mailLink: MailLink },
): Promise<StaffUser> {
  const email = normaliseEmail(attempt.email);
  const subjects = [accountSubject(email), addressSubject(attempt.ip)];
  await checkAddress(db, attempt.ip, attempt.now);
  await checkAccount(db, email, attempt.now, attempt.mailLink);
  const row = await findUserRowByEmail(db, email);
  const valid = await verifyPassword(attempt.password, row?.password_hash ?? (await decoyHash()));
  if (!row || !valid || row.suspended_at !== null) {
    await db
      .insertInto("login_failures")
      .values(subjects.map((subject) => ({ subject, failed_at: attempt.now })))
      .execute();
    throw badCredentials();
  }
  await db
    .deleteFrom("login_failures")
    .where("subject", "=", subjects[0] ?? "")
    .execute();
  await db
    .deleteFrom("login_failures")
    .where("failed_at", "<", attempt.now - THROTTLE.windowMs)
    .execute();
  return toStaffUser(row);
}
