import { constants, createReadStream } from "node:fs";
import { access, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { MediaStore, StoredFile } from "./media-store.js";

/** Keys are paths below the folder with forward slashes, as they appear under /media/. */
async function* keysBelow(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  });
  const keys = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
  yield* keys.sort(byBytes);
}

/** Byte order, the order S3 lists keys in, so both stores list the same keys alike. */
export const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function readFileAt(path: string): Promise<StoredFile | undefined> {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isFile()) return undefined;
  return { body: createReadStream(path), contentType: "application/octet-stream", bytes: found.size };
}

/** The default: files in MEDIA_DIR on this machine, served by the app's static file handler. */
export function localMediaStore(dir: string): MediaStore {
  return {
    put: async (key, body) => {
      const path = join(dir, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
    keys: () => keysBelow(dir),
    get: (key) => readFileAt(join(dir, key)),
    delete: async (keys) => {
      await Promise.all(keys.map((key) => rm(join(dir, key), { force: true })));
    },
    isReachable: () =>
      access(dir, constants.W_OK).then(
        () => true,
        () => false,
      ),
    close: () => {},
    serving: { kind: "folder", dir },
  };
}
