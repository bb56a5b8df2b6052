import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Storage } from "../storage.js";
import * as content from "./2026-11-25-01-content.js";
import * as newsroom from "./2026-11-25-02-newsroom.js";
import * as votes from "./2026-11-25-03-votes.js";
import * as readersComments from "./2026-11-25-04-readers-comments.js";
import * as donations from "./2026-11-25-05-donations.js";
import * as search from "./2026-11-25-06-search.js";
import * as voteNetworkHoursPruning from "./2026-11-25-07-vote-network-hours-pruning.js";
import * as pagesRedirectsImport from "./2026-12-02-04-pages-redirects-import.js";

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
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(storage: Storage): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const schema = storage.schema ? { migrationTableSchema: storage.schema } : {};
  const migrator = new Migrator({ db: storage.db, provider, ...schema });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === "Error");
  if (error) {
    const where = failed ? ` in ${failed.migrationName}` : "";
    throw new Error(`Migration failed${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
