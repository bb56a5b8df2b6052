import { hashToken, newToken } from "../../core/tokens.js";
import type { I18n } from "../../i18n/i18n.js";
import { readerError } from "../../i18n/reader-error.js";
import { isLinkUsable, useLinkOnce } from "../../storage/single-use-links.js";
import type { Db } from "../../storage/storage.js";
import { normaliseEmail } from "../accounts/user.js";
import type { Mailer } from "../mail/mailer.js";
import {
  DISPLAY_NAME_MAX,
  defaultDisplayName,
  READER_SESSION_LIFETIME_MS,
  type Reader,
  SIGN_IN_LINK_LIFETIME_MS,
  SIGN_IN_LINKS_PER_HOUR,
  safeReturnPath,
} from "./reader.js";
import { findOrCreateReader, findSessionReader, renameReader } from "./reader.repository.js";

const invalidLink = () => readerError("INVALID_LINK", 400, "problem.signInLinkInvalid");
const tooManyLinks = () => readerError("TOO_MANY_LINKS", 429, "problem.tooManySignInLinks");

/** Mails a one-time sign-in link; the account is created only when the link is used. */
export async function sendSignInLink(
  db: Db,
  mailer: Mailer,
  /** `i18n`: the site's language, for the e-mail. */
  request: { email: string; returnTo?: string; siteUrl: string; siteTitle: string; i18n: I18n; now: number },
): Promise<void> {
  const email = normaliseEmail(request.email);
  const recent = await db
    .selectFrom("reader_sign_in_links")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("email", "=", email)
    .where("created_at", ">", request.now - 3_600_000)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= SIGN_IN_LINKS_PER_HOUR) throw tooManyLinks();
  const { token, hash } = newToken();
  await db
    .insertInto("reader_sign_in_links")
    .values({
      token_hash: hash,
      email,
      return_to: safeReturnPath(request.returnTo),
      created_at: request.now,
      expires_at: request.now + SIGN_IN_LINK_LIFETIME_MS,
      used_at: null,
    })
    .execute();
  const { t } = request.i18n;
  const site = request.siteTitle;
  await mailer.send({
    to: email,
    subject: t("mail.signIn.subject", { site }),
    text: [
      t("mail.signIn.asked", { site }),
      "",
      t("mail.signIn.link", { minutes: SIGN_IN_LINK_LIFETIME_MS / 60_000 }),
      `${request.siteUrl}/account/sign-in/${token}`,
      "",
      t("mail.signIn.notYou"),
    ].join("\n"),
  });
}

/** Whether a sign-in link can still be used (for the confirmation page; using it is what counts). */
export const isSignInLinkUsable = (db: Db, token: string, now: number) =>
  isLinkUsable(db, "reader_sign_in_links", hashToken(token), now);

/**
 * Uses a sign-in link once: creates the reader on first use and starts a session. Returns the
 * session token (for the cookie) and where to send the reader.
 */
export async function completeSignIn(db: Db, token: string, now: number) {
  const hash = hashToken(token);
  if (!(await useLinkOnce(db, "reader_sign_in_links", hash, now))) throw invalidLink();
  const link = await db
    .selectFrom("reader_sign_in_links")
    .select(["email", "return_to"])
    .where("token_hash", "=", hash)
    .executeTakeFirstOrThrow();
  const reader = await findOrCreateReader(db, link.email, defaultDisplayName(link.email), now);
  const session = newToken();
  await db
    .insertInto("reader_sessions")
    .values({
      token_hash: session.hash,
      reader_id: reader.id,
      created_at: now,
      expires_at: now + READER_SESSION_LIFETIME_MS,
    })
    .execute();
  // Old links are of no further use to anyone.
  await db
    .deleteFrom("reader_sign_in_links")
    .where("expires_at", "<", now - 3_600_000)
    .execute();
  return { sessionToken: session.token, reader, returnTo: link.return_to };
}

export const readerForSession = (db: Db, token: string, now: number) =>
  findSessionReader(db, hashToken(token), now);

export async function endReaderSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("reader_sessions").where("token_hash", "=", hashToken(token)).execute();
}

/** Renames the reader, and (through the keepers) everything signed with their name, in one transaction. */
export async function changeDisplayName(
  db: Db,
  reader: Reader,
  name: string,
  keepers: readonly ReaderDataKeeper[] = [],
): Promise<string> {
  const displayName = name.trim().replace(/\s+/g, " ");
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX)
    throw readerError("BAD_REQUEST", 400, "problem.displayName", { max: DISPLAY_NAME_MAX });
  await db.transaction().execute(async (trx) => {
    await renameReader(trx, reader.id, displayName);
    for (const keeper of keepers) await keeper.renamed?.(trx, reader, displayName);
  });
  return displayName;
}

/**
 * What other features keep about a reader (comments, votes…): they contribute it to the data
 * download and erase it when the reader deletes their account, without this feature reading their tables.
 */
export interface ReaderDataKeeper {
  /** The key in the downloaded JSON. */
  name: string;
  exportFor(db: Db, reader: Reader): Promise<unknown>;
  /** Runs inside the deletion's transaction. */
  eraseFor(db: Db, reader: Reader): Promise<void>;
  /** The reader changed their display name (inside that change's transaction). */
  renamed?(db: Db, reader: Reader, displayName: string): Promise<void>;
}

export async function exportReaderData(db: Db, reader: Reader, keepers: readonly ReaderDataKeeper[]) {
  const data: Record<string, unknown> = {
    account: {
      email: reader.email,
      displayName: reader.displayName,
      createdAt: new Date(reader.createdAt).toISOString(),
    },
  };
  for (const keeper of keepers) data[keeper.name] = await keeper.exportFor(db, reader);
  return data;
}

/** Deletes the account, its sessions and (through the keepers) what other features hold about it. */
export async function deleteReader(db: Db, reader: Reader, keepers: readonly ReaderDataKeeper[]) {
  await db.transaction().execute(async (trx) => {
    for (const keeper of keepers) await keeper.eraseFor(trx, reader);
    await trx.deleteFrom("reader_sessions").where("reader_id", "=", reader.id).execute();
    await trx.deleteFrom("reader_sign_in_links").where("email", "=", reader.email).execute();
    await trx.deleteFrom("readers").where("id", "=", reader.id).execute();
  });
}
