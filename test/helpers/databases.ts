import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
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
 * A migrated, empty database of its own: a copy of a migrated template (a SQLite file, or a PostgreSQL
 * database made with `CREATE DATABASE … TEMPLATE`). Migrating per test cost seconds on PostgreSQL, where
 * test files also queue for one lock while they migrate; a copy costs tens of milliseconds. The template
 * is named after the migrations' own text, so changing any migration builds a new one.
 *
 * `upTo` stops after that migration (to test a later data migration on old rows; `migrateRest` finishes):
 * such a database is migrated from scratch in a schema of its own.
 */
export async function openTestStorage(
  dialect: Dialect,
  { upTo, ...options }: StorageOptions & { upTo?: string } = {},
): Promise<TestStorage> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "masthead-test-"));
    const path = join(dir, "test.db");
    if (upTo === undefined) copyFileSync(await sqliteTemplate(), path);
    const storage = openStorage({ dialect: "sqlite", path }, options);
    if (upTo !== undefined) await migrateToLatest(storage, upTo);
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
  return upTo === undefined ? copyOfPostgresTemplate(url, options) : partlyMigratedSchema(url, upTo, options);
}

/** The PostgreSQL URL a test storage lives at, for tests that open their own connections to it. */
export function testDatabaseUrl(storage: Storage): string {
  const url = databaseUrls.get(storage) ?? process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("not a PostgreSQL test storage");
  return url;
}

const databaseUrls = new WeakMap<Storage, string>();
/** The schema every copy of the PostgreSQL template keeps its tables in. */
const TEMPLATE_SCHEMA = "masthead";

/** A short hash of every migration's source: a template is only reused for the same migrations. */
function migrationsFingerprint(): string {
  const dir = fileURLToPath(new URL("../../src/storage/migrations/", import.meta.url));
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".test.ts")) continue;
    hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

let sqliteTemplatePath: Promise<string> | undefined;

/**
 * A migrated SQLite file shared by every test process of this run (and later runs with the same
 * migrations): built beside its final name and renamed into place, so a reader never sees half of one.
 */
function sqliteTemplate(): Promise<string> {
  sqliteTemplatePath ??= (async () => {
    const dir = join(tmpdir(), "masthead-test-templates");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${migrationsFingerprint()}.db`);
    if (existsSync(path)) return path;
    const building = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
    const storage = openStorage({ dialect: "sqlite", path: building });
    await migrateToLatest(storage);
    // Closing the last connection checkpoints the WAL into the file, so the file alone is the database.
    await storage.close();
    renameSync(building, path);
    return path;
  })();
  return sqliteTemplatePath;
}

const withDatabase = (url: string, database: string) => {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
};

let postgresTemplateName: Promise<string> | undefined;

/** The migrated template database, built once by whichever test process asks first. */
function postgresTemplate(url: string): Promise<string> {
  postgresTemplateName ??= withSchemaLock(url, async (client) => {
    const name = `masthead_template_${migrationsFingerprint()}`;
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount) return name;
    const building = `${name}_${randomBytes(4).toString("hex")}`;
    await client.query(`create database ${building}`);
    const storage = openStorage(
      { dialect: "postgres", url: withDatabase(url, building) },
      { searchPath: TEMPLATE_SCHEMA },
    );
    try {
      await sql`create schema ${sql.id(TEMPLATE_SCHEMA)}`.execute(storage.db);
      await migrateToLatest(storage);
    } finally {
      await storage.close();
    }
    // A template must have no connections when it is copied; the rename marks it complete.
    await client.query(`alter database ${building} rename to ${name}`);
    return name;
  });
  return postgresTemplateName;
}

async function copyOfPostgresTemplate(url: string, options: StorageOptions): Promise<TestStorage> {
  const template = await postgresTemplate(url);
  const database = `test_${randomBytes(6).toString("hex")}`;
  await withClient(url, (client) => client.query(`create database ${database} template ${template}`));
  const databaseUrl = withDatabase(url, database);
  const storage = openStorage(
    { dialect: "postgres", url: databaseUrl },
    { ...options, searchPath: TEMPLATE_SCHEMA },
  );
  databaseUrls.set(storage, databaseUrl);
  return {
    storage,
    migrateRest: async () => {},
    dispose: async () => {
      await storage.close();
      dropWhenDone(url, database);
    },
  };
}

const databasesToDrop: string[] = [];

/**
 * Drops this process's test databases once its tests are done: DROP DATABASE forces a checkpoint, which
 * took seconds per test while other test files were writing.
 */
function dropWhenDone(url: string, database: string) {
  if (databasesToDrop.length === 0) {
    process.once("beforeExit", () => {
      void withClient(url, async (client) => {
        for (const name of databasesToDrop.splice(0))
          await client.query(`drop database ${name} with (force)`);
      });
    });
  }
  databasesToDrop.push(database);
}

async function partlyMigratedSchema(
  url: string,
  upTo: string,
  options: StorageOptions,
): Promise<TestStorage> {
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
      await withSchemaLock(url, (client) => client.query(`drop schema ${schema} cascade`));
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
  return withClient(url, async (client) => {
    await client.query("select pg_advisory_lock(hashtext('masthead-test-schemas'))");
    return run(client);
  });
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
