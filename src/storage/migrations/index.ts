import { type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import type { Storage } from "../storage.js";
import * as content from "./2026-11-25-01-content.js";
import * as newsroom from "./2026-11-25-02-newsroom.js";
import * as votes from "./2026-11-25-03-votes.js";
import * as readersComments from "./2026-11-25-04-readers-comments.js";
import * as donations from "./2026-11-25-05-donations.js";
import * as search from "./2026-11-25-06-search.js";
import * as voteNetworkHoursPruning from "./2026-11-25-07-vote-network-hours-pruning.js";
import * as pagesRedirectsImport from "./2026-12-02-04-pages-redirects-import.js";
import * as newsletters from "./2026-12-02-05-newsletters.js";
import * as articleDocuments from "./2026-12-02-06-01-article-documents.js";
import * as articleAutosaves from "./2026-12-02-06-02-article-autosaves.js";
import * as unmatchedStripeEvents from "./2026-12-02-07-unmatched-stripe-events.js";
import * as backupRuns from "./2026-12-02-08-backup-runs.js";
import * as auditLog from "./2026-12-02-09-audit-log.js";

// Listed explicitly (not read from disk) so the same set runs from source under tsx and from dist.
const migrations: Record<string, Migration> = {
  "2026-11-25-01-content": content,
  "2026-11-25-02-newsroom": newsroom,
  "2026-11-25-03-votes": votes,
  "2026-11-25-04-readers-comments": readersComments,
  "2026-11-25-05-donations": donations,
  "2026-11-25-06-search": search,
  "2026-11-25-07-vote-network-hours-pruning": voteNetworkHoursPruning,
  "2026-12-02-04-pages-redirects-import": pagesRedirectsImport,
  "2026-12-02-05-newsletters": newsletters,
  "2026-12-02-06-01-article-documents": articleDocuments,
  "2026-12-02-06-02-article-autosaves": articleAutosaves,
  "2026-12-02-07-unmatched-stripe-events": unmatchedStripeEvents,
  "2026-12-02-08-backup-runs": backupRuns,
  "2026-12-02-09-audit-log": auditLog,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Every migration this version of Masthead knows, in the order they run. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(migrations).sort();

function migratorFor(storage: Storage): Migrator {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const schema = storage.schema ? { migrationTableSchema: storage.schema } : {};
  return new Migrator({ db: storage.db, provider, ...schema });
}

/**
 * The names of the migrations applied to this database (none on a new one), read from Kysely's own
 * table. Not through `Migrator.getMigrations()`: its introspection reads every schema's catalog, and on
 * a PostgreSQL server shared by other sites (or test runs) a schema dropped meanwhile fails it.
 */
export async function appliedMigrations(storage: Storage): Promise<string[]> {
  const exists =
    storage.dialect === "postgres"
      ? sql<{
          found: string | null;
        }>`select to_regclass(${`${storage.schema ?? "public"}.kysely_migration`}) as found`
      : sql<{
          found: string | null;
        }>`select name as found from sqlite_master where type = 'table' and name = 'kysely_migration'`;
  const { rows } = await exists.execute(storage.db);
  if (!rows[0]?.found) return [];
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    storage.db,
  );
  return applied.rows.map((row) => row.name);
}

/**
 * Applies pending migrations (only up to `upTo` when given, so a test can put old rows in front of a data
 * migration); returns the names applied. Throws with the failing migration's name.
 */
export async function migrateToLatest(storage: Storage, upTo?: string): Promise<string[]> {
  const migrator = migratorFor(storage);
  const { error, results = [] } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results.find((result) => result.status === "Error");
  if (error) {
    const where = failed ? ` in ${failed.migrationName}` : "";
    throw new Error(`Migration failed${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
