import { type Static, Type } from "@sinclair/typebox";
import { EMAIL_PATTERN } from "../accounts/user.js";
import type { Cadence } from "./newsletter.table.js";

export interface Newsletter {
  id: number;
  slug: string;
  name: string;
  description: string;
  senderName: string;
  senderEmail: string;
  replyTo: string;
  cadence: Cadence;
  /** "HH:MM", local time in the site's time zone (digests only). */
  sendTime: string;
  /** 0 = Sunday … 6 = Saturday (weekly digests only). */
  sendWeekday: number;
  sectionIds: number[];
  createdAt: number;
}

/** The staff form's section checkboxes (one value per ticked section). */
export const SECTIONS_FIELD = "sectionIds[]";

/** What staff fill in to define a newsletter. */
export const NewsletterInputSchema = Type.Object({
  slug: Type.String({ pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: 80 }),
  name: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
  description: Type.String({ maxLength: 1000 }),
  senderName: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
  senderEmail: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
  replyTo: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
  cadence: Type.Union([
    Type.Literal("each-story"),
    Type.Literal("daily"),
    Type.Literal("weekly"),
    Type.Literal("manual"),
  ]),
  sendTime: Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" }),
  sendWeekday: Type.Integer({ minimum: 0, maximum: 6 }),
  sectionIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 }),
});
export type NewsletterInput = Static<typeof NewsletterInputSchema>;

/** A double opt-in link works once, for a day: long enough for a slow inbox, short enough to go stale. */
export const OPT_IN_LIFETIME_MS = 24 * 3_600_000;
/** Confirmation e-mails one address may be sent per hour, so the form cannot be used to flood an inbox. */
export const OPT_INS_PER_HOUR = 3;
