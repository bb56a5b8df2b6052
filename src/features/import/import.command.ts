import { stat, writeFile } from "node:fs/promises";
import { systemClock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
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

/** A bar with items/s and ETA on a terminal; a plain line every 5 % otherwise. */
function progressPrinter(stream: NodeJS.WriteStream): (progress: ReadProgress & { items: number }) => void {
  const started = Date.now();
  let lastPercent = -1;
  return ({ bytesRead, totalBytes, items }) => {
    const fraction = totalBytes === 0 ? 1 : Math.min(bytesRead / totalBytes, 1);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const perSecond = Math.round(items / seconds);
    const eta = fraction > 0 ? Math.round(seconds / fraction - seconds) : 0;
    const percent = Math.floor(fraction * 100);
    if (stream.isTTY) {
      const width = 30;
      const bar = "#".repeat(Math.round(fraction * width)).padEnd(width, "-");
      stream.write(`\r[${bar}] ${percent}% ${items} items ${perSecond}/s ETA ${eta}s `);
    } else if (percent >= lastPercent + 5) {
      lastPercent = percent;
      stream.write(`${percent}% read, ${items} items, ${perSecond}/s\n`);
    }
  };
}

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
  const onProgress = progressPrinter(process.stdout);
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
  if (process.stdout.isTTY) process.stdout.write("\n");
  for (const line of reportLines(report)) console.log(line);
  if (options.reportFile) {
    await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Report written to ${options.reportFile}.`);
  }
}
