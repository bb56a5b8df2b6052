import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";

export interface ArchivePart {
  /** Path inside the archive, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/** `PREFIX-2026-12-02T08-15-00Z.tar.gz`: sorts by time, safe in every file system. */
export const datedArchiveName = (prefix: string, now: number) =>
  `${prefix}-${new Date(now)
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "-")}.tar.gz`;

/** Every file below `dir` (none when it does not exist), as paths relative to it. */
export async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Describes a file for the manifest: where it goes in the archive, its size and its SHA-256. */
export async function describePart(file: string, path: string): Promise<ArchivePart> {
  const [{ size }, sha256] = await Promise.all([stat(file), sha256OfFile(file)]);
  return { path: path.split(sep).join("/"), bytes: size, sha256 };
}

/** Writes a gzipped tar of `entries` (paths relative to `dir`; symbolic links are followed). */
export async function writeArchive(dir: string, entries: string[], file: string): Promise<void> {
  // tar is loaded by the backups, exports and imports that use it, never by a server that takes none.
  const tar = await import("tar");
  await tar.create({ gzip: true, file, cwd: dir, portable: true, follow: true }, entries);
}

/** Unpacks an archive into `dir`; a file that is not a gzipped tar fails with tar's reason. */
export async function extractArchive(file: string, dir: string): Promise<void> {
  const tar = await import("tar");
  await tar.extract({ file, cwd: dir, strict: true });
}
