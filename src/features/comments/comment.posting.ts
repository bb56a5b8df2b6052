import type { AppError } from "../../core/errors.js";
import type { RateLimiter } from "../../http/limiter.js";
import { readerError } from "../../i18n/reader-error.js";
import type { Db } from "../../storage/storage.js";
import { EMAIL_PATTERN } from "../accounts/user.js";
import type { Mailer } from "../mail/mailer.js";
import type { Reader } from "../readers/reader.js";
import type { SiteSettings } from "../settings/settings.js";
import {
  assertMayComment,
  authorKeyOf,
  type Commenter,
  notifyReplies,
  postComment,
} from "./comment.service.js";
import { checkStamp } from "./form-stamp.js";

const tooFast = () => readerError("TOO_MANY_COMMENTS", 429, "problem.commentTooFast");
const caughtByTrap = () => readerError("SPAM_TRAP", 400, "problem.commentNotPosted");
const stampProblem = (check: "too-fast" | "invalid") =>
  readerError("FORM_TOO_FAST", 400, check === "too-fast" ? "problem.formTooQuick" : "problem.formOutOfDate");
const badEmail = () => readerError("BAD_EMAIL", 400, "problem.badEmail").about("email");

type PostingSettings = Pick<
  SiteSettings,
  | "commentPolicy"
  | "commentsOpenTo"
  | "bannedWords"
  | "commentLimitPerMinutePerIp"
  | "commentLimitPerMinutePerReader"
>;

/** What the comment form sent besides the comment itself. */
export interface PostingForm {
  /** The honeypot: hidden from people, filled in by bots. */
  website?: string;
  /** The signed time the form was shown (form-stamp.ts). */
  stamp?: string;
  name?: string;
  email?: string;
}

export interface PostingAttempt {
  form: PostingForm;
  settings: PostingSettings;
  secret: string;
  now: number;
  reader: Reader | undefined;
}

/** One check a post must pass before anything is stored: the error that stops it, or nothing. */
type PostingPhase = (attempt: PostingAttempt) => AppError | undefined;

const honeypot: PostingPhase = ({ form }) => (form.website ? caughtByTrap() : undefined);

const formStamp: PostingPhase = ({ form, secret, now }) => {
  const check = checkStamp(secret, form.stamp, now);
  return check === "ok" ? undefined : stampProblem(check);
};

const isEmail = (text: string) => new RegExp(EMAIL_PATTERN).test(text);

/** Where anyone may comment, a guest gives an address to be told of replies and to be banned by. */
const guestEmail: PostingPhase = ({ form, settings, reader }) =>
  !reader && settings.commentsOpenTo === "anyone" && !isEmail((form.email ?? "").trim())
    ? badEmail()
    : undefined;

/**
 * In order. The trap and the stamp come first and cost nothing, so a bot is turned away before it
 * counts against anyone's rate limit; the limits (CommentLimits) come last, after the commenter is known.
 */
export const POSTING_PHASES: readonly PostingPhase[] = [honeypot, formStamp, guestEmail];

/** Throws the first phase's error, if any. */
export function checkPosting(attempt: PostingAttempt): void {
  for (const phase of POSTING_PHASES) {
    const error = phase(attempt);
    if (error) throw error;
  }
}

/**
 * Comments per minute per address and per commenter, counted by the limiter: in this process's memory,
 * or in Redis and so shared by every instance.
 */
export class CommentLimits {
  constructor(private readonly limiter: RateLimiter) {}

  /** Counts one post from this address; a 429 when it is over the limit. */
  async takeForIp(ip: string, now: number, settings: Pick<SiteSettings, "commentLimitPerMinutePerIp">) {
    const perMinute = settings.commentLimitPerMinutePerIp;
    if (!(await this.limiter.allow(now, [{ key: `comment-ip:${ip}`, perMinute }]))) throw tooFast();
  }

  /** Counts one post from this address and this commenter; a 429 when either is over its limit. */
  async take(ip: string, commenterKey: string, now: number, settings: PostingSettings) {
    const allowed = await this.limiter.allow(now, [
      { key: `comment-ip:${ip}`, perMinute: settings.commentLimitPerMinutePerIp },
      { key: `comment-author:${commenterKey}`, perMinute: settings.commentLimitPerMinutePerReader },
    ]);
    if (!allowed) throw tooFast();
  }
}

export interface CommentSubmission extends PostingAttempt {
  article: { id: number; commentsClosed: boolean };
  parentId: number | null;
  text: string;
  notifyReplies: boolean;
  ip: string;
  ipHash: string;
  /** The guest's key: the one their cookie holds, or a new one (which sets the cookie). */
  guestKey: () => string;
}

/** Where reply e-mails go from, and what to do when the mail server fails. */
export interface ReplyMail {
  mailer: Mailer;
  site: { url: string; title: string; secret: string };
  onFailure: (error: unknown) => void;
}

/**
 * A reader's comment from the public form: who may comment, the posting phases, the rate limits,
 * then the comment stored by the moderation rules and, when it appears at once, the parent's author told.
 */
export async function submitComment(
  db: Db,
  limits: CommentLimits,
  mail: ReplyMail,
  input: CommentSubmission,
) {
  const { settings, reader, now } = input;
  assertMayComment(settings, input.article, { kind: reader ? "reader" : "guest" });
  checkPosting(input);
  const commenter: Commenter = reader
    ? { kind: "reader", reader }
    : {
        kind: "guest",
        key: input.guestKey(),
        name: input.form.name ?? "",
        email: (input.form.email ?? "").trim(),
      };
  await limits.take(input.ip, authorKeyOf(commenter), now, settings);
  const posted = await postComment(db, settings, {
    article: input.article,
    parentId: input.parentId,
    text: input.text,
    notifyReplies: input.notifyReplies,
    commenter,
    ipHash: input.ipHash,
    now,
  });
  // Reply e-mails go after the comment is stored; a mail server failure must not lose the comment.
  if (posted.status === "approved") {
    await notifyReplies(db, mail.mailer, [posted.id], mail.site).catch(mail.onFailure);
  }
  return posted;
}
