import { hashToken, newToken } from "../../core/tokens.js";
import type { Db } from "../../storage/storage.js";
import type { StaffUser } from "./user.js";
import { toStaffUser } from "./user.repository.js";

export const SESSION_LIFETIME_MS = 14 * 24 * 3_600_000;

/** Starts a server-side session; the returned token goes into the cookie, only its hash into the database. */
export async function startSession(db: Db, userId: number, now: number): Promise<string> {
  const { token, hash } = newToken();
  await db
    .insertInto("sessions")
    .values({ token_hash: hash, user_id: userId, created_at: now, expires_at: now + SESSION_LIFETIME_MS })
    .execute();
  return token;
}

/** The signed-in staff member for this cookie token, unless the session expired or the account is suspended. */
export async function findSessionUser(db: Db, token: string, now: number): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .where("sessions.token_hash", "=", hashToken(token))
    .where("sessions.expires_at", ">", now)
    .where("users.suspended_at", "is", null)
    .executeTakeFirst();
  return row && toStaffUser(row);
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
}

/** Signs the person out on every device, e.g. after a password change or a lost laptop. */
export async function endAllSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
