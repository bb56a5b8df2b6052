import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Cron } from "croner";
import { claimBackupSlot, finishBackupRun } from "./backup.repository.js";
import { BACKUP_FILE_PATTERN, type BackupSite, createBackup } from "./backup.service.js";

export interface ScheduledBackups {
  /** A cron pattern (five or six fields, in UTC), e.g. "0 3 * * *" for 03:00 every day. */
  cron: string;
  dir: string;
  /** How many scheduled archives to keep in `dir`; older ones are deleted after each new one. */
  keep: number;
}

export interface BackupLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** Deletes all but the `keep` newest backup archives in `dir` (only files named as ours). */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const archives = (await readdir(dir)).filter((name) => BACKUP_FILE_PATTERN.test(name)).sort();
  const old = archives.slice(0, Math.max(archives.length - keep, 0));
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
}

/**
 * One scheduled backup. Every instance runs the schedule; the slot's row in the database decides which
 * one takes the backup, so a site on several instances gets one archive per slot, not one each.
 * Returns the archive written, or null when another instance had the slot.
 */
export async function runScheduledBackup(
  site: BackupSite,
  schedule: ScheduledBackups,
  slot: Date,
  clock: () => number,
): Promise<string | null> {
  const key = slot.toISOString();
  if (!(await claimBackupSlot(site.storage.db, key, clock()))) return null;
  try {
    const { file } = await createBackup(site, { to: schedule.dir, now: slot.getTime() });
    await finishBackupRun(site.storage.db, key, { finishedAt: clock(), file });
    await pruneBackups(schedule.dir, schedule.keep);
    return file;
  } catch (error) {
    await finishBackupRun(site.storage.db, key, { finishedAt: clock(), error: (error as Error).message });
    throw error;
  }
}

/** Starts the schedule; stop it when the app closes. */
export function scheduleBackups(
  site: BackupSite,
  schedule: ScheduledBackups,
  clock: () => number,
  log: BackupLog,
): { stop(): void } {
  const job = new Cron(schedule.cron, { timezone: "UTC", protect: true }, async (self: Cron) => {
    const slot = self.currentRun() ?? new Date(clock());
    try {
      const file = await runScheduledBackup(site, schedule, slot, clock);
      if (file) log.info({ file }, "scheduled backup written");
    } catch (error) {
      log.error({ err: error, slot: slot.toISOString() }, "scheduled backup failed");
    }
  });
  return { stop: () => job.stop() };
}
