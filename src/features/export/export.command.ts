import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { type ExportSite, exportFileName, type StartProgress, stageExport } from "./export.service.js";

/**
 * `masthead export [--to FILE|DIR]`: the archive is written under a temporary name and renamed when
 * whole, so a half-written export never looks like one.
 */
export async function exportToFile(
  site: ExportSite,
  options: { to: string; now: number; progress?: StartProgress },
) {
  const isFolder = await stat(options.to).then(
    (found) => found.isDirectory(),
    () => !options.to.endsWith(".tar.gz"),
  );
  const file = isFolder ? join(options.to, exportFileName(options.now)) : options.to;
  await mkdir(dirname(file), { recursive: true });
  const staged = await stageExport(site, options);
  const partial = `${file}.partial`;
  try {
    await pipeline(staged.archive(), createWriteStream(partial));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await staged.dispose();
  }
  return { file, manifest: staged.manifest };
}
