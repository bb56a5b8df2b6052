import { randomBytes } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";

/** The site-wide settings staff can change; each has a default so a new site works at once. */
export const SiteSettingsSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 120, default: "Masthead" }),
  description: Type.String({ maxLength: 500, default: "Independent news." }),
  language: Type.String({ pattern: "^[a-z]{2,3}(-[A-Z]{2})?$", default: "en" }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, default: "UTC" }),
  postsPerPage: Type.Integer({ minimum: 1, maximum: 100, default: 12 }),
  donationAppeal: Type.String({ maxLength: 2000, default: "" }),
  readerAppeal: Type.String({ maxLength: 4000, default: "" }),
});
export type SiteSettings = Static<typeof SiteSettingsSchema>;

export const defaultSiteSettings = (): SiteSettings => Value.Default(SiteSettingsSchema, {}) as SiteSettings;

/** Stored values override defaults one by one; a value that no longer fits the schema falls back. */
export async function getSiteSettings(db: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const settings = defaultSiteSettings();
  for (const { key, value } of rows) {
    if (!(key in SiteSettingsSchema.properties)) continue;
    const candidate = { ...settings, [key]: JSON.parse(value) };
    if (Value.Check(SiteSettingsSchema, candidate)) Object.assign(settings, candidate);
  }
  return settings;
}

export async function updateSiteSettings(db: Db, changes: Partial<SiteSettings>): Promise<SiteSettings> {
  const next = { ...(await getSiteSettings(db)), ...changes };
  if (!Value.Check(SiteSettingsSchema, next)) {
    const error = Value.Errors(SiteSettingsSchema, next).First();
    throw new Error(`Invalid setting ${error?.path ?? ""}: ${error?.message ?? "invalid"}`);
  }
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
