export interface BackupTables {
  backup_runs: {
    /** The scheduled minute, as an ISO string: one backup per slot, whichever instance claims it. */
    slot: string;
    started_at: number;
    finished_at: number | null;
    file: string | null;
    error: string | null;
  };
}
