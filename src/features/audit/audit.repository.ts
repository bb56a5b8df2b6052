import type { Selectable } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { AuditDetails, AuditEntry, AuditFilter, NewAuditEntry } from "./audit.js";
import type { AuditTables } from "./audit.table.js";

type AuditRow = Selectable<AuditTables["audit_log"]>;

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  staffId: row.staff_id,
  actor: row.actor,
  area: row.area,
  action: row.action,
  target: row.target,
  details: JSON.parse(row.details) as AuditDetails,
});

export async function recordAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: entry.at,
      staff_id: entry.staffId,
      actor: entry.actor,
      ip_hash: entry.ipHash,
      area: entry.area,
      action: entry.action,
      target: entry.target,
      details: JSON.stringify(entry.details),
    })
    .execute();
}

/** Entries matching the filter, newest first, after the entry `before` (an id) when given. */
export async function listAuditEntries(
  db: Db,
  filter: AuditFilter,
  limit: number,
  before?: number,
): Promise<AuditEntry[]> {
  let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit);
  if (filter.staffId !== undefined) query = query.where("staff_id", "=", filter.staffId);
  if (filter.area !== undefined) query = query.where("area", "=", filter.area);
  if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("at", "<", filter.to);
  if (before !== undefined) query = query.where("id", "<", before);
  return (await query.execute()).map(toEntry);
}

/** The areas that have entries, for the filter. */
export async function listAuditAreas(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("area").distinct().orderBy("area").execute();
  return rows.map((row) => row.area);
}

/** Deletes entries older than `before`; the only way entries leave the log. Returns how many. */
export async function pruneAuditEntries(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom("audit_log").where("at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
