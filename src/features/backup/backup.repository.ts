import type { Db } from "../../storage/storage.js";

/** Claims a scheduled slot for this instance; false when another instance (or an earlier run) has it. */
export async function claimBackupSlot(db: Db, slot: string, now: number): Promise<boolean> {
  const result = await db
    .insertInto("backup_runs")
    .values({ slot, started_at: now })
    .onConflict((conflict) => conflict.column("slot").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function finishBackupRun(
  db: Db,
  slot: string,
  outcome: { finishedAt: number; file?: string; error?: string },
): Promise<void> {
  await db
    .updateTable("backup_runs")
    .set({ finished_at: outcome.finishedAt, file: outcome.file ?? null, error: outcome.error ?? null })
    .where("slot", "=", slot)
    .execute();
}
