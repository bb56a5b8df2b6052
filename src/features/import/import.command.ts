import { stat, writeFile } from "node:fs/promises";
import { systemClock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { type Progress, startProgress } from "../../core/progress.js";
import type { Db } from "../../storage/storage.js";
import { reportLines } from "./import.report.js";
import { importWordpress, type WordpressImportOptions } from "./wordpress.import.js";
import { WxrError } from "./wxr.js";
import type { ReadProgress } from "./wxr.reader.js";

const isDirectory = (path: string) =>
  stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );

const importFailed = (message: string) => new AppError("IMPORT_FAILED", 400, message);

/** `masthead import wordpress FILE.xml [--uploads DIR] [--dry-run] [--report FILE]`. */
export async function runImportCommand(
  db: Db,
  options: {
    file: string;
    dryRun: boolean;
    reportFile: string | undefined;
    uploadsDir: string | undefined;
    mediaDir: string;
    staffAccounts: WordpressImportOptions["staffAccounts"];
  },
): Promise<void> {
  const { uploadsDir, mediaDir } = options;
  if (uploadsDir !== undefined && !(await isDirectory(uploadsDir)))
    throw importFailed(`--uploads ${uploadsDir} is not a folder (give the copy of wp-content/uploads).`);
  // The file's size is the one total known in advance: the bar counts KiB read, the summary items.
  const started = Date.now();
  let progress: Progress | undefined;
  let items = 0;
  const onProgress = (read: ReadProgress & { items: number }) => {
    progress ??= startProgress({ label: "Importing", total: Math.ceil(read.totalBytes / 1024), unit: "KiB" });
    progress.update(Math.ceil(read.bytesRead / 1024));
    items = read.items;
  };
  let report: Awaited<ReturnType<typeof importWordpress>>;
  try {
    report = await importWordpress(db, {
      file: options.file,
      dryRun: options.dryRun,
      now: systemClock(),
      onProgress,
      ...(uploadsDir === undefined ? {} : { uploads: { uploadsDir, mediaDir } }),
      ...(options.staffAccounts ? { staffAccounts: options.staffAccounts } : {}),
    });
  } catch (error) {
    if (error instanceof WxrError) throw importFailed(`${error.message} Nothing was imported.`);
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES")
      throw importFailed(`Cannot read ${options.file} (${code}). Nothing was imported.`);
    throw error;
  }
  const seconds = (Date.now() - started) / 1000;
  progress?.finish(
    `${items} items in ${seconds.toFixed(1)} s (${Math.round(items / Math.max(seconds, 0.001))} items/s)`,
  );
  for (const line of reportLines(report)) console.log(line);
  if (options.reportFile) {
    await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Report written to ${options.reportFile}.`);
  }
}
