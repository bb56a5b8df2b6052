import { constants } from "node:fs";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { MediaStore } from "./media-store.js";

/** The default: files in MEDIA_DIR on this machine, served by the app's static file handler. */
export function localMediaStore(dir: string): MediaStore {
  return {
    put: async (key, body) => {
      const path = join(dir, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
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
