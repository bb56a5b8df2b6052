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

const subjectsFor = (email: string, ip: string) => [
  `account:${email}`,
  // A keyed hash would add nothing here: the row is deleted within the window and never shown.
  `ip:${createHash("sha256").update(ip).digest("hex")}`,
];

/** Refuses while the account or the address has failed too often within the window. */
async function checkThrottle(db: Db, subjects: string[], now: number): Promise<void> {
  const since = now - THROTTLE.windowMs;
  for (const subject of subjects) {
    const failures = await db
      .selectFrom("login_failures")
      .select("failed_at")
      .where("subject", "=", subject)
      .where("failed_at", ">", since)
      .orderBy("failed_at", "desc")
      .limit(THROTTLE.maxFailures)
      .execute();
    const oldest = failures[THROTTLE.maxFailures - 1];
    if (oldest) throw tooManyAttempts(oldest.failed_at + THROTTLE.windowMs - now);
  }
}

export async function signIn(
  db: Db,
  attempt: { email: string; password: string; ip: string; now: number },
): Promise<StaffUser> {
  const email = normaliseEmail(attempt.email);
  const subjects = subjectsFor(email, attempt.ip);
  await checkThrottle(db, subjects, attempt.now);
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
