import type { Generated } from "kysely";

export interface AuditTables {
  audit_log: {
    id: Generated<number>;
    at: number;
    /** The staff member, while their account exists; null for the command line. */
    staff_id: number | null;
    /** Their name at the time, so the entry still reads right after a rename or deletion. */
    actor: string;
    ip_hash: string | null;
    /** The part of the staff area ("articles", "settings", …), or "command line". */
    area: string;
    /** What was done, e.g. "POST /admin/articles/:id/publish" or "backup". */
    action: string;
    /** What it was done to, e.g. "id=12". */
    target: string;
    /** JSON: the fields sent (secrets redacted), and before/after where a feature recorded them. */
    details: string;
  };
}
