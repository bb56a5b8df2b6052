import { SiteSettingsSchema, updateSiteSettings } from "../../src/features/settings/settings.js";
import type { Db } from "../../src/storage/storage.js";

type LimitName =
  | "voteLimitPerMinutePerIp"
  | "voteLimitPerMinutePerReader"
  | "voteNetworkLimitPerHour"
  | "commentLimitPerMinutePerIp"
  | "commentLimitPerMinutePerReader";

/**
 * Sets each named threshold to the largest value the settings schema accepts and returns what was set.
 * A load generator sends everything from 127.0.0.1, so with the default thresholds the per-address
 * limits (and the per-network vote hold) would throttle it, not the app.
 */
async function openLimits<Name extends LimitName>(
  db: Db,
  names: readonly Name[],
): Promise<Record<Name, number>> {
  const limits = {} as Record<Name, number>;
  for (const name of names) {
    const { maximum } = SiteSettingsSchema.properties[name] as { maximum?: number };
    if (maximum === undefined) throw new Error(`the threshold ${name} has no schema maximum`);
    limits[name] = maximum;
  }
  await updateSiteSettings(db, limits);
  return limits;
}

export const openVoteLimits = (db: Db) =>
  openLimits(db, ["voteLimitPerMinutePerIp", "voteLimitPerMinutePerReader", "voteNetworkLimitPerHour"]);

export const openCommentLimits = (db: Db) =>
  openLimits(db, ["commentLimitPerMinutePerIp", "commentLimitPerMinutePerReader"]);
