import { AppError, badRequest, forbidden, notFound } from "../../core/errors.js";
import { slugify } from "../../core/slug.js";
import { hashToken, newToken } from "../../core/tokens.js";
import type { Db } from "../../storage/storage.js";
import { createAuthor, findAuthorBySlug } from "../authors/author.repository.js";
import type { Mailer } from "../mail/mailer.js";
import { hashPassword, passwordProblem } from "./password.js";
import { type Role, requirePermission } from "./roles.js";
import { endAllSessions } from "./session.service.js";
import { normaliseEmail, type StaffUser } from "./user.js";
import { countUsers, findUserById, findUserRowByEmail, insertUser, updateUser } from "./user.repository.js";

export const LINK_LIFETIME_MS = 24 * 3_600_000;

const invalidLink = () =>
  new AppError("INVALID_LINK", 400, "This link is invalid, already used or expired. Ask for a new one.");

async function issueToken(db: Db, purpose: "setup" | "password", userId: number | null, now: number) {
  const { token, hash } = newToken();
  await db
    .insertInto("user_tokens")
    .values({
      token_hash: hash,
      purpose,
      user_id: userId,
      created_at: now,
      expires_at: now + LINK_LIFETIME_MS,
    })
    .execute();
  return token;
}

/** Marks the token used and returns it, or throws if it is unknown, used, expired or for something else. */
async function consumeToken(db: Db, token: string, purpose: "setup" | "password", now: number) {
  const hash = hashToken(token);
  const result = await db
    .updateTable("user_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", hash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  // The conditional update is the single-use guarantee: two racing requests cannot both get a row.
  if (result.numUpdatedRows !== 1n) throw invalidLink();
  return db.selectFrom("user_tokens").selectAll().where("token_hash", "=", hash).executeTakeFirstOrThrow();
}

export async function isTokenUsable(db: Db, token: string, purpose: "setup" | "password", now: number) {
  const row = await db
    .selectFrom("user_tokens")
    .select("token_hash")
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** While the site has no staff at all, a one-time link that creates its owner; otherwise null. */
export async function createSetupLinkIfNoStaff(db: Db, now: number): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  return issueToken(db, "setup", null, now);
}

async function uniqueAuthorSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name) || "staff";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await findAuthorBySlug(db, slug))) return slug;
  }
}

/** A staff account with its public author profile. Without a password it can sign in only after a set-password link. */
export async function createStaffUser(
  db: Db,
  input: { email: string; name: string; role: Role; password?: string },
  now: number,
): Promise<StaffUser> {
  const email = normaliseEmail(input.email);
  if (await findUserRowByEmail(db, email))
    throw new AppError("EMAIL_TAKEN", 409, `${email} already has an account.`);
  const problem = input.password === undefined ? null : passwordProblem(input.password);
  if (problem) throw badRequest(problem);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const id = await db
    .transaction()
    .execute((trx) =>
      insertStaffAccount(trx, { email, name: input.name, role: input.role, passwordHash }, now),
    );
  const user = await findUserById(db, id);
  if (!user) throw new Error("new user vanished");
  return user;
}

/**
 * The account and its author profile, inside the caller's transaction (an import creates accounts in
 * its own); `email` already normalised. Returns the user's id.
 */
export async function insertStaffAccount(
  trx: Db,
  account: { email: string; name: string; role: Role; passwordHash: string | null },
  now: number,
): Promise<number> {
  const name = account.name.trim();
  const author = await createAuthor(trx, { slug: await uniqueAuthorSlug(trx, name), name, bio: "" }, now);
  return insertUser(trx, { ...account, name, authorId: author.id }, now);
}

export async function completeSetup(
  db: Db,
  token: string,
  owner: { email: string; name: string; password: string },
  now: number,
): Promise<StaffUser> {
  const problem = passwordProblem(owner.password);
  if (problem) throw badRequest(problem);
  await consumeToken(db, token, "setup", now);
  if ((await countUsers(db)) > 0) throw invalidLink();
  return createStaffUser(db, { ...owner, role: "owner" }, now);
}

export async function createPasswordLink(db: Db, userId: number, now: number): Promise<string> {
  return issueToken(db, "password", userId, now);
}

/** Sets a new password from a one-time link and signs the person out everywhere else. */
export async function completePasswordLink(
  db: Db,
  token: string,
  password: string,
  now: number,
): Promise<StaffUser> {
  const problem = passwordProblem(password);
  if (problem) throw badRequest(problem);
  const row = await consumeToken(db, token, "password", now);
  if (row.user_id === null) throw invalidLink();
  await updateUser(db, row.user_id, { password_hash: await hashPassword(password) });
  await endAllSessions(db, row.user_id);
  const user = await findUserById(db, row.user_id);
  if (!user) throw invalidLink();
  return user;
}

const LINK_MAILS = {
  forgot: {
    subject: (site: string) => `Reset your password for ${site}`,
    why: (site: string) => `Someone asked to reset the password of your staff account at ${site}.`,
    ifNotYou: "If it was not you, ignore this e-mail; your password stays as it is.",
  },
  // Sent by the sign-in throttle (login.service.ts) instead of locking the owner out.
  throttled: {
    subject: (site: string) => `Sign in to ${site}`,
    why: (site: string) =>
      `Someone tried many wrong passwords on your staff account at ${site}, so signing in with a password is paused for 15 minutes. You can still get in with this link.`,
    ifNotYou: "If it was not you, your password was not guessed; a new one is still a good idea.",
  },
};

/** Mails a set-password link if the address has an account; says nothing either way, so addresses cannot be probed. */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  request: {
    email: string;
    siteUrl: string;
    siteTitle: string;
    now: number;
    reason?: keyof typeof LINK_MAILS;
  },
): Promise<void> {
  const row = await findUserRowByEmail(db, normaliseEmail(request.email));
  if (!row || row.suspended_at !== null) return;
  const token = await createPasswordLink(db, row.id, request.now);
  const mail = LINK_MAILS[request.reason ?? "forgot"];
  await mailer.send({
    to: row.email,
    subject: mail.subject(request.siteTitle),
    text: [
      mail.why(request.siteTitle),
      "",
      `Choose a new password here (the link works once, for 24 hours):`,
      `${request.siteUrl}/admin/password/${token}`,
      "",
      mail.ifNotYou,
    ].join("\n"),
  });
}

/** Changes someone's role. Only an owner hands over ownership, and then becomes an administrator. */
export async function changeRole(db: Db, actor: StaffUser, targetId: number, role: Role): Promise<void> {
  const target = await findUserById(db, targetId);
  if (!target) throw notFound("Staff member", "No such staff member");
  if (role === "owner") {
    requirePermission(actor.role, { kind: "ownership.transfer" });
    await db.transaction().execute(async (trx) => {
      await updateUser(trx, actor.id, { role: "administrator" });
      await updateUser(trx, target.id, { role: "owner" });
    });
    return;
  }
  requirePermission(actor.role, { kind: "staff.manage", targetRole: target.role });
  if (target.id === actor.id) throw forbidden("You cannot change your own role.");
  await updateUser(db, target.id, { role });
}

export async function setSuspended(
  db: Db,
  actor: StaffUser,
  targetId: number,
  suspended: boolean,
  now: number,
) {
  const target = await findUserById(db, targetId);
  if (!target) throw notFound("Staff member", "No such staff member");
  requirePermission(actor.role, { kind: "staff.manage", targetRole: target.role });
  if (target.id === actor.id) throw forbidden("You cannot suspend yourself.");
  await updateUser(db, target.id, { suspended_at: suspended ? now : null });
  if (suspended) await endAllSessions(db, target.id);
}

/**
 * An administrator (or owner) invites a staff member: the account is created with no password and a
 * one-time link to set one is e-mailed. Returns the link too, so the page can show it.
 */
export async function inviteStaff(
  db: Db,
  mailer: Mailer,
  invite: {
    actor: { name: string; role: Role };
    name: string;
    email: string;
    role: Role;
    site: { url: string; title: string };
    now: number;
  },
): Promise<string> {
  const { actor, role, site } = invite;
  requirePermission(actor.role, { kind: "staff.manage", targetRole: role });
  const user = await createStaffUser(db, { name: invite.name, email: invite.email, role }, invite.now);
  const link = `${site.url}/admin/password/${await createPasswordLink(db, user.id, invite.now)}`;
  await mailer.send({
    to: user.email,
    subject: `Your staff account at ${site.title}`,
    text: [
      `${actor.name} created a staff account for you at ${site.title}, with the role “${role}”.`,
      "",
      "Choose your password here (the link works once, for 24 hours):",
      link,
      "",
    ].join("\n"),
  });
  return link;
}
