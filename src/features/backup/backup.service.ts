import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { sql } from "kysely";
import type { DatabaseTarget } from "../../config.js";
import type { Progress, ProgressOptions } from "../../core/progress.js";
import { copyFolderToStore, copyStoreToFolder } from "../../storage/media-copy.js";
import type { MediaStore } from "../../storage/media-store.js";
import { appliedMigrations, KNOWN_MIGRATIONS, migrateToLatest } from "../../storage/migrations/index.js";
import { openStorage, type Storage } from "../../storage/storage.js";
import {
  type ArchivePart,
  datedArchiveName,
  describePart,
  extractArchive,
  filesBelow,
  writeArchive,
} from "./backup.archive.js";
import { BackupRefused } from "./backup.errors.js";
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type Manifest,
  mastheadVersion,
  parseManifest,
} from "./backup.manifest.js";
import { runPostgresTool, snapshotPostgres, snapshotSqlite } from "./backup.snapshot.js";
import {
  collectFigures,
  collectProblems,
  figureDifferences,
  type SiteCheck,
  type SiteFigures,
} from "./site-check.js";

export type StartProgress = (options: Omit<ProgressOptions, "stream" | "now">) => Progress;

const SILENT: StartProgress = () => ({ update() {}, finish() {} });

export interface BackupSite {
  storage: Storage;
  target: DatabaseTarget;
  /** The media store (local folder or S3 prefix) whose files the backup holds. */
  media: MediaStore;
  checks: readonly SiteCheck[];
}

const DATABASE_PART = { sqlite: "database.sqlite", postgres: "database.pgdump" } as const;

export const backupFileName = (now: number) => datedArchiveName("masthead-backup", now);
export const BACKUP_FILE_PATTERN = /^masthead-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/;

/** The database copied at one instant, with the figures and schema version of that very copy. */
async function snapshotDatabase(site: BackupSite, file: string, progress: StartProgress) {
  if (site.target.dialect === "sqlite") {
    let bar: Progress | undefined;
    await snapshotSqlite(site.target.path, file, (copied, pages) => {
      bar ??= progress({ label: "Database", total: pages, unit: "pages" });
      bar.update(copied);
    });
    bar?.finish();
    const copy = openStorage({ dialect: "sqlite", path: file });
    try {
      return {
        figures: await collectFigures(copy.db, site.checks),
        migrations: await appliedMigrations(copy),
      };
    } finally {
      await copy.close();
    }
  }
  const { url } = site.target;
  const schema = site.storage.schema ?? "public";
  const migrations = await appliedMigrations(site.storage);
  const figures = await site.storage.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const exported = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
      const figures = await collectFigures(trx, site.checks);
      await snapshotPostgres(url, schema, exported.rows[0]?.id ?? "", file);
      return figures;
    });
  return { figures, migrations, schema };
}

/**
 * The folder holding the media files: the store's own when it is one on this machine, otherwise (S3)
 * a copy of the prefix made in `staging`, one file at a time.
 */
async function mediaFolder(media: MediaStore, staging: string, progress: StartProgress): Promise<string> {
  if (media.serving.kind === "folder") return media.serving.dir;
  const dir = join(staging, "media-from-store");
  const bar = progress({ label: "Media download", total: 0, unit: "files" });
  let copied = 0;
  await copyStoreToFolder(media, dir, () => bar.update(++copied));
  bar.finish();
  return dir;
}

/** The media files, each described for the manifest (hashing them is most of a media backup's work). */
async function describeMedia(mediaDir: string, progress: StartProgress): Promise<ArchivePart[]> {
  const files = await filesBelow(mediaDir);
  const bar = progress({ label: "Media", total: files.length, unit: "files" });
  const parts: ArchivePart[] = [];
  for (const file of files) {
    parts.push(await describePart(join(mediaDir, file), join("media", file)));
    bar.update(parts.length);
  }
  bar.finish();
  return parts;
}

/**
 * One dated archive holding a consistent copy of the database, the media files and a manifest (versions,
 * figures, SHA-256 of every part), written while the site keeps serving. `to` is a folder (the archive
 * gets a dated name in it) or a file ending in .tar.gz.
 */
export async function createBackup(
  site: BackupSite,
  options: { to: string; now: number; progress?: StartProgress },
): Promise<{ file: string; manifest: Manifest }> {
  const progress = options.progress ?? SILENT;
  const file = options.to.endsWith(".tar.gz") ? options.to : join(options.to, backupFileName(options.now));
  await mkdir(dirname(file), { recursive: true });
  const staging = await mkdtemp(join(tmpdir(), "masthead-backup-"));
  try {
    const databasePart = DATABASE_PART[site.target.dialect];
    const snapshot = await snapshotDatabase(site, join(staging, databasePart), progress);
    const mediaDir = await mediaFolder(site.media, staging, progress);
    const media = await describeMedia(mediaDir, progress);
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      createdAt: new Date(options.now).toISOString(),
      masthead: mastheadVersion(),
      node: process.version,
      dialect: site.target.dialect,
      ...(snapshot.schema ? { schema: snapshot.schema } : {}),
      migrations: snapshot.migrations,
      figures: snapshot.figures,
      database: await describePart(join(staging, databasePart), databasePart),
      media,
    };
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [MANIFEST_FILE, databasePart];
    if (media.length > 0) {
      await symlink(mediaDir, join(staging, "media"));
      entries.push("media");
    }
    // Written under a temporary name, so a half-written archive never looks like a backup.
    const partial = `${file}.partial`;
    await writeArchive(staging, entries, partial);
    await rename(partial, file);
    return { file, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Unpacks a backup and checks it whole before anything is touched: manifest, every part's hash, schema. */
async function openBackup(file: string, into: string): Promise<Manifest> {
  try {
    await extractArchive(file, into);
  } catch (error) {
    throw new BackupRefused(
      `${basename(file)} is not a readable backup archive: ${(error as Error).message}`,
    );
  }
  let text: string;
  try {
    text = await readFile(join(into, MANIFEST_FILE), "utf8");
  } catch {
    throw new BackupRefused(`${basename(file)} holds no ${MANIFEST_FILE}: it is not a Masthead backup.`);
  }
  const manifest = parseManifest(text);
  if (typeof manifest === "string") throw new BackupRefused(`${basename(file)}: ${manifest}.`);
  for (const part of [manifest.database, ...manifest.media]) {
    const found = await describePart(join(into, part.path), part.path).catch(() => undefined);
    if (!found) throw new BackupRefused(`${basename(file)} lacks ${part.path}, which its manifest lists.`);
    if (found.sha256 !== part.sha256)
      throw new BackupRefused(
        `${part.path} in ${basename(file)} is damaged: its SHA-256 differs from the manifest's.`,
      );
  }
  const unknown = manifest.migrations.find((name) => !KNOWN_MIGRATIONS.includes(name));
  if (unknown)
    throw new BackupRefused(
      `${basename(file)} comes from a newer version of Masthead (${manifest.masthead}; its schema has migration ${unknown}, unknown to this one). Upgrade Masthead first.`,
    );
  return manifest;
}

/** What the target database holds now, or null when it is new (never migrated). */
async function existingFigures(site: BackupSite): Promise<SiteFigures | null> {
  if ((await appliedMigrations(site.storage)).length === 0) return null;
  return collectFigures(site.storage.db, site.checks);
}

const holdsData = (figures: SiteFigures | null) =>
  figures !== null && Object.values(figures).some((group) => Object.values(group).some((value) => value > 0));

export interface RestoreResult {
  manifest: Manifest;
  /** Figures of the backup that the restored copy does not match. */
  differences: string[];
  /** Inconsistencies the features' verifiers found in the restored copy. */
  problems: string[];
}

/**
 * Replaces the site's database and media with a backup's, then checks the result. Refuses (changing
 * nothing) a damaged archive, one from a newer version, one of the other dialect, and a target that
 * holds data unless `force`. The site must be stopped while it runs: `reopen` gives the storage back
 * once the database is in place. SQLite: the copy is moved into place in one rename; PostgreSQL: the
 * schema is dropped and pg_restore rebuilds it.
 */
export async function restoreBackup(
  site: BackupSite,
  options: { file: string; force: boolean; reopen: () => Storage },
): Promise<RestoreResult & { storage: Storage }> {
  const unpacked = await mkdtemp(join(tmpdir(), "masthead-restore-"));
  try {
    const manifest = await openBackup(options.file, unpacked);
    if (manifest.dialect !== site.target.dialect)
      throw new BackupRefused(
        `The backup is of a ${manifest.dialect} database; this site's DATABASE_URL is ${site.target.dialect}.`,
      );
    if (!options.force && holdsData(await existingFigures(site)))
      throw new BackupRefused(
        "The site's database already holds content; restoring would replace all of it. Run again with --force to replace it.",
      );
    await putDatabaseInPlace(site, manifest, join(unpacked, manifest.database.path));
    await putMediaInPlace(site.media, join(unpacked, "media"), manifest);
    const storage = options.reopen();
    // A backup from an older version gets this version's schema.
    const applied = await appliedMigrations(storage);
    if (KNOWN_MIGRATIONS.some((name) => !applied.includes(name))) await migrateToLatest(storage);
    const figures = await collectFigures(storage.db, site.checks);
    return {
      manifest,
      storage,
      differences: figureDifferences(manifest.figures, figures),
      problems: await collectProblems(storage.db, site.checks),
    };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

async function putMediaInPlace(media: MediaStore, unpacked: string, manifest: Manifest): Promise<void> {
  if (media.serving.kind !== "folder") {
    const keys = manifest.media.map((part) => part.path.slice("media/".length));
    return copyFolderToStore(unpacked, keys, media);
  }
  await cp(unpacked, media.serving.dir, { recursive: true, force: true }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  });
}

async function putDatabaseInPlace(site: BackupSite, manifest: Manifest, copy: string): Promise<void> {
  if (site.target.dialect === "sqlite") {
    await site.storage.close();
    const path = site.target.path;
    await mkdir(dirname(path), { recursive: true });
    // The old database's write-ahead log would be replayed onto the restored file: it goes first.
    await rm(`${path}-wal`, { force: true });
    await rm(`${path}-shm`, { force: true });
    await cp(copy, `${path}.restoring`);
    await rename(`${path}.restoring`, path);
    return;
  }
  const schema = manifest.schema ?? "public";
  if (schema !== (site.storage.schema ?? "public"))
    throw new BackupRefused(
      `The backup holds PostgreSQL schema "${schema}"; this site uses "${site.storage.schema}". Restore into a database whose search path is "${schema}".`,
    );
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(site.storage.db);
  await site.storage.close();
  await runPostgresTool("pg_restore", [
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    `--dbname=${site.target.url}`,
    copy,
  ]);
}
