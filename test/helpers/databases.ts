import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { type Dialect, openStorage, type Storage, type StorageOptions } from "../../src/storage/storage.js";

/**
 * A test server's URL from the environment. Locally a suite may run without it; under CI (`CI=true`)
 * a missing one fails the run loudly, so the PostgreSQL or Redis suites are never dropped in silence.
 */
export function testServerUrl(name: "TEST_POSTGRES_URL" | "TEST_REDIS_URL"): string | undefined {
  const url = process.env[name];
  if (!url && process.env.CI === "true") {
    throw new Error(`${name} is not set, and CI=true: the suites that need it would be skipped`);
  }
  return url || undefined;
}

/** Every dialect this run can test: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export function testDialects(): Dialect[] {
  return testServerUrl("TEST_POSTGRES_URL") ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestStorage {
  storage: Storage;
  /** Applies the remaining migrations (after opening with `upTo`). */
  migrateRest(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database of its own: a temporary SQLite file, or a fresh PostgreSQL schema.
 * `upTo` stops after that migration (to test a later data migration on old rows; `migrateRest` finishes).
 */
export async function openTestStorage(
  dialect: Dialect,
  { upTo, ...options }: StorageOptions & { upTo?: string } = {},
): Promise<TestStorage> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "masthead-test-"));
    const storage = openStorage({ dialect: "sqlite", path: join(dir, "test.db") }, options);
    await migrateToLatest(storage, upTo);
    return {
      storage,
      migrateRest: async () => void (await migrateToLatest(storage)),
      dispose: async () => {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_POSTGRES_URL is not set");
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const storage = openStorage({ dialect: "postgres", url }, { ...options, searchPath: schema });
  await withSchemaLock(url, async (client) => {
    await client.query(`create schema ${schema}`);
    await migrateToLatest(storage, upTo);
  });
  return {
    storage,
    migrateRest: () => withSchemaLock(url, async () => void (await migrateToLatest(storage))),
    dispose: async () => {
      await storage.close();
      // With the schema pg-boss made beside it, if the test queued newsletter jobs (delivery.pg-boss.ts).
      await withSchemaLock(url, (client) =>
        client.query(`drop schema if exists ${schema}_pgboss cascade; drop schema ${schema} cascade`),
      );
    },
  };
}

/** Runs `work` (which reads the catalog, as migrations do) while no other test file creates or drops a schema. */
export async function whileSchemasStill<T>(dialect: Dialect, work: () => Promise<T>): Promise<T> {
  const url = process.env.TEST_POSTGRES_URL;
  if (dialect === "sqlite" || !url) return work();
  return withSchemaLock(url, work);
}

/**
 * Test files run in parallel, each in its own schema. Kysely's migrator reads the catalog of every
 * schema, and PostgreSQL errors ("schema … does not exist") when another file drops its schema
 * meanwhile; one advisory lock makes creating-and-migrating and dropping take turns.
 */
async function withSchemaLock<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('masthead-test-schemas'))");
    return await run(client);
  } finally {
    await client.end();
  }
}
