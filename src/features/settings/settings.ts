import { randomBytes } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { badRequest } from "../../core/errors.js";
import { SITE_LOCALES } from "../../i18n/locales.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { FONT_IDS } from "../design/fonts.js";
import { MENU_PATTERN, SOCIAL_LINKS_PATTERN } from "./menus.js";

/** An uploaded image's address, or nothing: our CSP allows images from no other host. */
const MEDIA_URL_PATTERN = "^$|^/media/[^\\s\"'<>]+$";

/** The front page's arrangements: a large lead, a lead beside a list of headlines, or an even grid. */
export const HOME_LAYOUTS = ["lead", "digest", "grid"] as const;
export type HomeLayout = (typeof HOME_LAYOUTS)[number];

/** The site-wide settings staff can change; each has a default so a new site works at once. */
export const SiteSettingsSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S", default: "Masthead" }),
  description: Type.String({ maxLength: 500, default: "Independent news." }),
  /** Shown in the public header instead of the title: an uploaded image (our CSP allows no other hosts). */
  logoUrl: Type.String({ maxLength: 500, pattern: MEDIA_URL_PATTERN, default: "" }),
  /** The public pages' language (messages, dates, numbers): a shipped one or a regional variant of it. */
  language: Type.Union(
    SITE_LOCALES.map((locale) => Type.Literal(locale)),
    { default: "en" },
  ),
  timeZone: Type.String({ minLength: 1, maxLength: 64, default: "UTC" }),
  postsPerPage: Type.Integer({ minimum: 1, maximum: 100, default: 12 }),
  /** The largest image file staff may upload; 50 MiB is also the upload form's hard cap. */
  /** Reader votes: how many one address, or one reader, may cast per minute before a 429. */
  voteLimitPerMinutePerIp: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 120 }),
  voteLimitPerMinutePerReader: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30 }),
  /** Votes one network (IPv4 /24, IPv6 /64) may cast on one article in an hour before the rest are held. */
  voteNetworkLimitPerHour: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 200 }),
  uploadMaxBytes: Type.Integer({ minimum: 100 * 1024, maximum: 50 * 1024 * 1024, default: 10 * 1024 * 1024 }),
  donationAppeal: Type.String({ maxLength: 2000, default: "" }),
  readerAppeal: Type.String({ maxLength: 4000, default: "" }),
  /** Currencies readers may give in (ISO 4217, comma-separated); the first is the default. */
  donationCurrencies: Type.String({ pattern: "^[A-Z]{3}(,[A-Z]{3}){0,19}$", default: "EUR,USD,GBP,CHF" }),
  /** The amounts offered as buttons on the donate page, in whole units of the chosen currency. */
  donationPresets: Type.String({
    pattern: "^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,7}$",
    default: "5,10,20,50",
  }),
  /** The largest single gift, in whole units of the chosen currency (Stripe takes at most 999,999.99). */
  donationMaximum: Type.Integer({ minimum: 1, maximum: 999_999, default: 10_000 }),
  /** Which reader comments wait for a moderator before they appear. */
  commentPolicy: Type.Union(
    [Type.Literal("hold-all"), Type.Literal("hold-first-time"), Type.Literal("publish")],
    { default: "hold-first-time" },
  ),
  /** What feeds carry of each article: the whole text, or only its standfirst and a link. */
  feedContent: Type.Union([Type.Literal("full"), Type.Literal("excerpt")], { default: "full" }),
  commentsOpenTo: Type.Union([Type.Literal("anyone"), Type.Literal("readers"), Type.Literal("nobody")], {
    default: "anyone",
  }),
  /** Words or phrases (one a line) that hold a comment for review: whole words, any case or accents. */
  bannedWords: Type.String({ maxLength: 20_000, default: "" }),
  /** Reports ("flags") from different readers that send a published comment back to the queue. */
  commentFlagThreshold: Type.Integer({ minimum: 1, maximum: 1000, default: 3 }),
  commentLimitPerMinutePerIp: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
  commentLimitPerMinutePerReader: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 4 }),
  /** The header's links, one "Label | /path/" a line; empty: every category. */
  primaryMenu: Type.String({ maxLength: 4000, pattern: MENU_PATTERN, default: "" }),
  /** The footer's links, same format. */
  footerMenu: Type.String({ maxLength: 4000, pattern: MENU_PATTERN, default: "" }),
  /** How the front page arranges its lead story, top stories and sections (decision 0044). */
  homeLayout: Type.Union(
    HOME_LAYOUTS.map((layout) => Type.Literal(layout)),
    { default: "lead" },
  ),
  /** The newsroom's profiles elsewhere, linked from the footer: one https:// address a line, at most ten. */
  socialLinks: Type.String({ maxLength: 2000, pattern: SOCIAL_LINKS_PATTERN, default: "" }),
  /** Settings → Design (decision 0047): the accent colour; empty keeps the house palette. */
  accentColor: Type.String({ pattern: "^$|^#[0-9a-f]{6}$", default: "" }),
  /** One of the shipped fonts (src/features/design/fonts.ts) for headlines and article text. */
  headingFont: Type.Union(
    FONT_IDS.map((font) => Type.Literal(font)),
    { default: "system-serif" },
  ),
  /** One of the shipped fonts for everything else: menus, cards, forms. */
  bodyFont: Type.Union(
    FONT_IDS.map((font) => Type.Literal(font)),
    { default: "system-sans" },
  ),
  /** Follow the reader's system (`prefers-color-scheme`), or always light, or always dark. */
  colorScheme: Type.Union([Type.Literal("auto"), Type.Literal("light"), Type.Literal("dark")], {
    default: "auto",
  }),
  /** The image the favicon and touch icon are made from (square-cropped); empty: the shipped icon. */
  iconUrl: Type.String({ maxLength: 500, pattern: MEDIA_URL_PATTERN, default: "" }),
  /** The picture social cards show for pages that have none of their own (the logo otherwise). */
  socialImageUrl: Type.String({ maxLength: 500, pattern: MEDIA_URL_PATTERN, default: "" }),
  /** Owner only: appended to the theme stylesheet. */
  customCss: Type.String({ maxLength: 50_000, default: "" }),
  /** Owner only: raw HTML at the end of every public page's <head>, trusted as the owner's own code. */
  headCode: Type.String({ maxLength: 20_000, default: "" }),
  /** Owner only: raw HTML before every public page's </body>. */
  footerCode: Type.String({ maxLength: 20_000, default: "" }),
});
export type SiteSettings = Static<typeof SiteSettingsSchema>;

/** ICU lists canonical zone names only, which leaves out "UTC", our default. */
export const TIME_ZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone")];
const knownTimeZones = new Set(TIME_ZONES);

/** Why these settings cannot be used, or undefined; a schema cannot know which time zones exist. */
function problemWith(settings: SiteSettings): string | undefined {
  if (!Value.Check(SiteSettingsSchema, settings)) {
    const error = Value.Errors(SiteSettingsSchema, settings).First();
    return `Invalid setting ${error?.path.slice(1) ?? ""}: ${error?.message ?? "invalid"}`;
  }
  if (!knownTimeZones.has(settings.timeZone)) {
    return `Unknown time zone "${settings.timeZone}": use a name such as Europe/Zurich or UTC.`;
  }
  return undefined;
}

export const defaultSiteSettings = (): SiteSettings => Value.Default(SiteSettingsSchema, {}) as SiteSettings;

/** Stored values override defaults one by one; a value that no longer fits the schema falls back. */
export async function getSiteSettings(db: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const settings = defaultSiteSettings();
  for (const { key, value } of rows) {
    if (!(key in SiteSettingsSchema.properties)) continue;
    const candidate = { ...settings, [key]: JSON.parse(value) };
    if (problemWith(candidate) === undefined) Object.assign(settings, candidate);
  }
  return settings;
}

export async function updateSiteSettings(db: Db, changes: Partial<SiteSettings>): Promise<SiteSettings> {
  const next = { ...(await getSiteSettings(db)), ...changes };
  const problem = problemWith(next);
  if (problem) throw badRequest(problem);
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(changes)) {
      await trx
        .insertInto("settings")
        .values({ key, value: JSON.stringify(value) })
        .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: JSON.stringify(value) }))
        .execute();
    }
    await markContentChanged(trx);
  });
  return next;
}

const SITE_SECRET_KEY = "site_secret";

/**
 * A random secret shared by every instance of this site (it lives in the database), used to sign
 * cookies. Created on first use; never shown in the settings page.
 */
export async function getSiteSecret(db: Db): Promise<string> {
  await db
    .insertInto("settings")
    .values({ key: SITE_SECRET_KEY, value: JSON.stringify(randomBytes(32).toString("base64url")) })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", SITE_SECRET_KEY)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.value) as string;
}
