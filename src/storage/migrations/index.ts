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
import * as newsletterArticleModes from "./2026-12-02-11-newsletter-article-modes.js";
import * as articleReview from "./2026-12-02-13-article-review.js";
import * as articleListingIndex from "./2026-12-02-15-article-listing-index.js";
import * as voteCountersShownIndex from "./2026-12-02-16-vote-counters-shown-index.js";
import * as articlePins from "./2026-12-02-19-article-pins.js";
import * as searchVisibilityIndex from "./2026-12-03-01-search-visibility-index.js";
import * as linkTablesWithoutRowid from "./2026-12-03-02-link-tables-without-rowid.js";

// Listed explicitly (not read from disk) so the same set runs from source under tsx and from dist.
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
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
  "2026-12-02-11-newsletter-article-modes": newsletterArticleModes,
  "2026-12-02-13-article-review": articleReview,
  "2026-12-02-15-article-listing-index": articleListingIndex,
  "2026-12-02-16-vote-counters-shown-index": voteCountersShownIndex,
  "2026-12-02-19-article-pins": articlePins,
  "2026-12-03-01-search-visibility-index": searchVisibilityIndex,
  "2026-12-03-02-link-tables-without-rowid": linkTablesWithoutRowid,
};

/** Kysely's bookkeeping table: one row per applied migration. */
const MIGRATION_TABLE = "kysely_migration";

export class NewerDatabaseError extends Error {}

export interface MigrationStatus {
  applied: { name: string; appliedAt: Date }[];
  pending: string[];
}

function migratorFor(storage: Storage, known: Readonly<Record<string, Migration>> = MIGRATIONS): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => known };
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const schema = storage.schema ? { migrationTableSchema: storage.schema } : {};
  return new Migrator({ db: storage.db, provider, migrationTableName: MIGRATION_TABLE, ...schema });
}

/** Names of the migrations this database has applied, read from the bookkeeping table (none if it is new). */
async function appliedNames(storage: Storage): Promise<string[]> {
  const tables = await storage.db.introspection.getTables({ withInternalKyselyTables: true });
  const exists = tables.some(
    (table) => table.name === MIGRATION_TABLE && (!storage.schema || table.schema === storage.schema),
  );
  if (!exists) return [];
  const table = sql.table(storage.schema ? `${storage.schema}.${MIGRATION_TABLE}` : MIGRATION_TABLE);
  const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(storage.db);
  return rows.map((row) => row.name);
}

/**
 * Refuses a database that a newer Masthead has migrated: this version's code does not know its tables,
 * and running it there could write rows the newer schema no longer allows.
 */
export async function refuseNewerDatabase(storage: Storage, known = MIGRATIONS): Promise<void> {
  const unknown = (await appliedNames(storage)).filter((name) => !(name in known));
  if (unknown.length === 0) return;
  throw new NewerDatabaseError(
    `The database was upgraded by a newer Masthead (it has migration ${unknown.join(", ")}, which this version does not know). ` +
      "Run that newer version, or restore the backup taken before the upgrade (see docs/upgrade.md).",
  );
}

/**
 * Applies pending migrations one by one, each in its own transaction with its bookkeeping row, so a
 * failure leaves the database at the last migration that succeeded. Returns the names applied.
 */
export async function migrateToLatest(
  storage: Storage,
  /** Stop after this one, so a test can put old rows in front of a data migration. */
  upTo?: string,
  known = MIGRATIONS,
): Promise<string[]> {
  await refuseNewerDatabase(storage, known);
  const migrator = migratorFor(storage, known);
  const applied: string[] = [];
  for (;;) {
    const { error, results = [] } = await migrator.migrateUp();
    const step = results[0];
    if (error) {
      const where = step ? ` in ${step.migrationName}` : "";
      throw new Error(`Migration failed${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!step) return applied;
    applied.push(step.migrationName);
    if (step.migrationName === upTo) return applied;
  }
}

/** Every migration this version of Masthead knows, in the order they run. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(MIGRATIONS).sort();

/** The names of the known migrations applied to this database (none on a new one). */
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

/** What `masthead migrate --status` prints: applied migrations with their dates, then pending ones. */
export async function migrationStatus(storage: Storage, known = MIGRATIONS): Promise<MigrationStatus> {
  await refuseNewerDatabase(storage, known);
  const infos = await migratorFor(storage, known).getMigrations();
  return {
    applied: infos.flatMap((info) =>
      info.executedAt ? [{ name: info.name, appliedAt: info.executedAt }] : [],
    ),
    pending: infos.filter((info) => !info.executedAt).map((info) => info.name),
  };
}
