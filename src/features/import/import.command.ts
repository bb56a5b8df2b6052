import { stat, writeFile } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { systemClock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { type Progress, startProgress } from "../../core/progress.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import { GhostExportError, type GhostImportOptions, importGhost } from "./ghost.import.js";
import { type ImportReport, reportLines } from "./import.report.js";
import { importWordpress, type WordpressImportOptions } from "./wordpress.import.js";
import { WxrError } from "./wxr.js";
import type { ReadProgress } from "./wxr.reader.js";

const isDirectory = (path: string) =>
  stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );

const importFailed = (message: string) => new AppError("IMPORT_FAILED", 400, message);

/** Old-generation growth allowed between full collections, once V8 knows the live size (decision 0041). */
const HEAP_GROWING_PERCENT = 30;

/**
 * Keeps this process's heap near what the import holds live (about 55 MB at 50,000 posts), not four
 * times it: an import promotes chunk after chunk of short-lived rows to the old generation, and V8's
 * default growth factor let that garbage reach 150–200 MB before a full collection. The factor is read
 * at every collection, so it can be set now; one collection at the start makes V8 size the heap from
 * the live data instead of its large initial limit. The CLI process runs nothing else meanwhile.
 */
function keepHeapNearLiveSize(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** `masthead import wordpress FILE.xml [--uploads DIR] [--authors …] [--dry-run] [--report FILE]`. */
export async function runWordpressImportCommand(
  db: Db,
  options: {
    file: string;
    dryRun: boolean;
    reportFile: string | undefined;
    uploadsDir: string | undefined;
    media: MediaStore;
    staffAccounts: WordpressImportOptions["staffAccounts"];
  },
): Promise<void> {
  const { uploadsDir, media } = options;
  if (uploadsDir !== undefined && !(await isDirectory(uploadsDir)))
    throw importFailed(`--uploads ${uploadsDir} is not a folder (give the copy of wp-content/uploads).`);
  keepHeapNearLiveSize();
  // The file's size is the one total known in advance: the bar counts KiB read, the summary items.
  const started = Date.now();
  let progress: Progress | undefined;
  let items = 0;
  const onProgress = (read: ReadProgress & { items: number }) => {
    progress ??= startProgress({ label: "Importing", total: Math.ceil(read.totalBytes / 1024), unit: "KiB" });
    progress.update(Math.ceil(read.bytesRead / 1024));
    items = read.items;
  };
  const report = await reportFailures(options.file, () =>
    importWordpress(db, {
      file: options.file,
      dryRun: options.dryRun,
      now: systemClock(),
      onProgress,
      ...(uploadsDir === undefined ? {} : { uploads: { uploadsDir, media } }),
      ...(options.staffAccounts ? { staffAccounts: options.staffAccounts } : {}),
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  progress?.finish(
    `${items} items in ${seconds.toFixed(1)} s (${Math.round(items / Math.max(seconds, 0.001))} items/s)`,
  );
  await printReport(report, options.reportFile);
}

/** `masthead import ghost FILE.json [--primary-tag-as-section] [--dry-run] [--report FILE]`. */
export async function runGhostImportCommand(
  db: Db,
  options: Omit<GhostImportOptions, "now"> & { reportFile: string | undefined },
): Promise<void> {
  const report = await reportFailures(options.file, () =>
    importGhost(db, { ...options, now: systemClock() }),
  );
  await printReport(report, options.reportFile);
}

/** A bad or unreadable file as one line, saying nothing was written (the import is one transaction). */
async function reportFailures(file: string, run: () => Promise<ImportReport>): Promise<ImportReport> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WxrError || error instanceof GhostExportError)
      throw importFailed(`${error.message} Nothing was imported.`);
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES")
      throw importFailed(`Cannot read ${file} (${code}). Nothing was imported.`);
    throw error;
  }
}

async function printReport(report: ImportReport, reportFile: string | undefined): Promise<void> {
  for (const line of reportLines(report)) console.log(line);
  if (!reportFile) return;
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Report written to ${reportFile}.`);
}
