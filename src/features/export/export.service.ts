import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { Progress, ProgressOptions } from "../../core/progress.js";
import { markContentChanged } from "../../storage/content-version.js";
import { copyFolderToStore, copyStoreToFolder, isSafeMediaKey } from "../../storage/media-copy.js";
import type { MediaStore } from "../../storage/media-store.js";
import { withReadSnapshot } from "../../storage/read-snapshot.js";
import type { Db, Storage } from "../../storage/storage.js";
import type { PlainRow } from "../../storage/table-rows.js";
import {
  type ArchivePart,
  datedArchiveName,
  describePart,
  extractArchive,
} from "../backup/backup.archive.js";
import {
  EXPORT_FORMAT,
  EXPORT_MANIFEST_FILE,
  EXPORT_VERSION,
  type ExportManifest,
  parseExportManifest,
  type TypePart,
} from "./export.manifest.js";
import type { ExportPart, ExportType } from "./export-part.js";

/** An import that cannot go ahead; the message is one line for the person who asked. */
export class ImportRefused extends Error {}

export type StartProgress = (options: Omit<ProgressOptions, "stream" | "now">) => Progress;
const SILENT: StartProgress = () => ({ update() {}, finish() {} });

export interface ExportSite {
  storage: Storage;
  media: MediaStore;
  /** Every feature's share, in import order (src/site-exports.ts). */
  parts: readonly ExportPart[];
  version: string;
}

/** Rows read back per insert batch: bounded memory whatever the export's size. */
const IMPORT_BATCH = 500;
const typesOf = (parts: readonly ExportPart[]) => parts.flatMap((part) => part.types);
const dataPath = (type: { name: string }) => `data/${type.name}.jsonl`;
const MEDIA_PREFIX = "media/";

/** Keys sorted, so the same row is the same bytes whichever dialect or column order it came from. */
const jsonLine = (row: PlainRow) => `${JSON.stringify(row, Object.keys(row).sort())}\n`;

async function writeTypeFile(db: Db, type: ExportType, file: string, progress: StartProgress) {
  const out = createWriteStream(file);
  const bar = progress({ label: type.name, total: await type.count(db), unit: "rows" });
  let rows = 0;
  for await (const row of type.rows(db)) {
    if (!out.write(jsonLine(row))) await once(out, "drain");
    bar.update(++rows);
  }
  out.end();
  await once(out, "finish");
  bar.finish();
  return rows;
}

async function stageMedia(media: MediaStore, dir: string, progress: StartProgress): Promise<ArchivePart[]> {
  const bar = progress({ label: "media", total: 0, unit: "files" });
  const parts: ArchivePart[] = [];
  await copyStoreToFolder(media, join(dir, "media"), async (key, path) => {
    parts.push(await describePart(path, `media/${key}`));
    bar.update(parts.length);
  });
  bar.finish();
  return parts;
}

export interface StagedExport {
  manifest: ExportManifest;
  /** The gzipped tar, produced as it is read. */
  archive(): Readable;
  /** Removes the staged files; call once the archive was read (or abandoned). */
  dispose(): Promise<void>;
}

/**
 * Writes every type's rows (one batch in memory at a time) and the media files to a temporary folder,
 * with a manifest, ready to be streamed out as one .tar.gz. A tar entry states its size before its
 * bytes, so rows are staged to disk rather than streamed straight into the archive.
 */
export async function stageExport(
  site: ExportSite,
  options: { now: number; progress?: StartProgress },
): Promise<StagedExport> {
  const progress = options.progress ?? SILENT;
  const dir = await mkdtemp(join(tmpdir(), "masthead-export-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await mkdir(join(dir, "data"));
    const types = await withReadSnapshot(site.storage, async (db) => {
      const written: TypePart[] = [];
      for (const type of typesOf(site.parts)) {
        const path = dataPath(type);
        const rows = await writeTypeFile(db, type, join(dir, path), progress);
        written.push({ name: type.name, rows, ...(await describePart(join(dir, path), path)) });
      }
      return written;
    });
    const media = await stageMedia(site.media, dir, progress);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      createdAt: new Date(options.now).toISOString(),
      masthead: site.version,
      types,
      media,
    };
    await writeFile(join(dir, EXPORT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [EXPORT_MANIFEST_FILE, "data", ...(media.length > 0 ? ["media"] : [])];
    // Loaded by the first export, not with the staff area that offers it.
    const tar = await import("tar");
    return {
      manifest,
      archive: () => Readable.from(tar.create({ gzip: true, cwd: dir, portable: true }, entries)),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export const exportFileName = (now: number) => datedArchiveName("masthead-export", now);

/** Unpacks an export and checks it whole (manifest, version, every part's hash) before anything is written. */
async function openExport(file: string, into: string, known: Set<string>): Promise<ExportManifest> {
  const name = basename(file);
  try {
    await extractArchive(file, into);
  } catch (error) {
    throw new ImportRefused(`${name} is not a readable export archive: ${(error as Error).message}`);
  }
  const text = await readFile(join(into, EXPORT_MANIFEST_FILE), "utf8").catch(() => {
    throw new ImportRefused(`${name} holds no ${EXPORT_MANIFEST_FILE}: it is not a Masthead export.`);
  });
  const manifest = parseExportManifest(text);
  if (typeof manifest === "string") throw new ImportRefused(`${name} cannot be imported: ${manifest}.`);
  const unknown = manifest.types.find((type) => !known.has(type.name));
  if (unknown)
    throw new ImportRefused(`${name} holds records of type "${unknown.name}", unknown to this Masthead.`);
  const misplaced = manifest.types.find((type) => type.path !== dataPath(type));
  if (misplaced)
    throw new ImportRefused(
      `${name} keeps ${misplaced.name} at ${misplaced.path}, not ${dataPath(misplaced)}.`,
    );
  const stray = manifest.media.find(
    (part) => !part.path.startsWith(MEDIA_PREFIX) || !isSafeMediaKey(part.path.slice(MEDIA_PREFIX.length)),
  );
  if (stray) throw new ImportRefused(`${name} names a media file outside media/: ${stray.path}.`);
  for (const part of [...manifest.types, ...manifest.media]) {
    const found = await describePart(join(into, part.path), part.path).catch(() => undefined);
    if (!found) throw new ImportRefused(`${name} lacks ${part.path}, which its manifest lists.`);
    if (found.sha256 !== part.sha256)
      throw new ImportRefused(`${part.path} in ${name} is damaged: its SHA-256 differs from the manifest's.`);
  }
  return manifest;
}

/** The first kind of record the site already holds, e.g. "articles (12 rows)", or undefined. */
async function existingContent(db: Db, types: readonly ExportType[]): Promise<string | undefined> {
  for (const type of types) {
    if (type.inNewSites) continue;
    const count = await type.count(db);
    if (count > 0) return `${type.name} (${count} rows)`;
  }
  return undefined;
}

async function* linesOf(file: string): AsyncGenerator<{ row: PlainRow; line: number }> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw new ImportRefused(`line ${line} is not JSON`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw new ImportRefused(`line ${line} is not a JSON object`);
    yield { row: row as PlainRow, line };
  }
}

async function importType(db: Db, type: ExportType, file: string, progress: StartProgress, total: number) {
  const bar = progress({ label: type.name, total, unit: "rows" });
  let batch: PlainRow[] = [];
  let done = 0;
  const flush = async () => {
    await type.insert(db, batch);
    done += batch.length;
    batch = [];
    bar.update(done);
  };
  for await (const { row } of linesOf(file)) {
    batch.push(row);
    if (batch.length === IMPORT_BATCH) await flush();
  }
  await flush();
  await type.finish?.(db);
  bar.finish();
  return done;
}

async function putMedia(
  media: MediaStore,
  dir: string,
  parts: readonly ArchivePart[],
  progress: StartProgress,
) {
  const bar = progress({ label: "media", total: parts.length, unit: "files" });
  const keys = parts.map((part) => part.path.slice(MEDIA_PREFIX.length));
  await copyFolderToStore(join(dir, "media"), keys, media, (done) => bar.update(done));
  bar.finish();
}

export interface ImportSummary {
  manifest: ExportManifest;
  rows: number;
}

/**
 * Fills an empty site from an export, in one transaction: a damaged file, a row the database refuses
 * or a media file that cannot be stored leaves the site as it was (media files already copied are
 * left behind, unreferenced). Refuses a site that already holds content, and a newer format.
 */
export async function importSite(
  site: ExportSite,
  options: { file: string; progress?: StartProgress },
): Promise<ImportSummary> {
  const progress = options.progress ?? SILENT;
  const types = typesOf(site.parts);
  const unpacked = await mkdtemp(join(tmpdir(), "masthead-import-"));
  try {
    const manifest = await openExport(options.file, unpacked, new Set(types.map((type) => type.name)));
    const existing = await existingContent(site.storage.db, types);
    if (existing)
      throw new ImportRefused(
        `The site already holds content (${existing}); import masthead only fills an empty site.`,
      );
    const listed = new Map(manifest.types.map((part) => [part.name, part]));
    let rows = 0;
    await site.storage.db.transaction().execute(async (trx) => {
      for (const type of types) {
        const part = listed.get(type.name);
        if (!part) continue;
        try {
          const imported = await importType(trx, type, join(unpacked, part.path), progress, part.rows);
          if (imported !== part.rows)
            throw new ImportRefused(`it holds ${imported} rows; the manifest says ${part.rows}`);
          rows += imported;
        } catch (error) {
          throw new ImportRefused(`${part.path}: ${(error as Error).message}. Nothing was imported.`);
        }
      }
      await putMedia(site.media, unpacked, manifest.media, progress);
      await markContentChanged(trx);
    });
    return { manifest, rows };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}
