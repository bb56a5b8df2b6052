import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { imageType } from "../views/urls.js";
import type { MediaStore } from "./media-store.js";

/** A key that stays below the folder it is written to: no empty, "." or ".." segment. */
export const isSafeMediaKey = (key: string) =>
  key.length > 0 && key.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");

/**
 * Copies every file of the store (local folder or S3 prefix) into `dir`, each key becoming its path,
 * one file at a time; `copied` hears of each. Returns the keys, in the store's order. Backups and
 * exports use it for any store whose files are not already in a folder here.
 */
export async function copyStoreToFolder(
  store: MediaStore,
  dir: string,
  copied: (key: string, path: string) => Promise<void> | void = () => {},
): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.keys()) {
    if (!isSafeMediaKey(key)) continue;
    const file = await store.get(key);
    if (!file) continue; // deleted while we listed
    const path = join(dir, key);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(file.body, createWriteStream(path));
    keys.push(key);
    await copied(key, path);
  }
  return keys;
}

/** Puts the files at `keys` below `dir` into the store (restores and imports), one at a time. */
export async function copyFolderToStore(
  dir: string,
  keys: readonly string[],
  store: MediaStore,
  copied: (done: number) => void = () => {},
): Promise<void> {
  let done = 0;
  for (const key of keys) {
    if (!isSafeMediaKey(key)) throw new Error(`media key "${key}" would leave the media folder`);
    await store.put(key, await readFile(join(dir, key)), imageType(`/${key}`));
    copied(++done);
  }
}
