import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
import { AppError } from "../../core/errors.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import { findMediaById } from "../media/media.repository.js";
import { uploadImage } from "../media/media.service.js";
import { findImportLink, saveImportLink } from "./import.repository.js";

const UPLOAD_PATH = /\/wp-content\/uploads\/([^"'\s?#)]+)/;
// WordPress's resized copies: "boat-300x200.jpg" next to the original "boat.jpg".
const SIZE_SUFFIX = /-\d+x\d+(\.[a-z0-9]+)$/i;

/** "2019/05/boat.jpg" for any URL under the old site's uploads folder; undefined for other URLs. */
export function uploadPathOf(url: string): string | undefined {
  const match = UPLOAD_PATH.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** Every old upload URL in a body, as written there (with its host when it has one). */
export const uploadUrlsIn = (html: string) =>
  html.match(/(?:https?:\/\/[^\s"'<>/]+)?\/wp-content\/uploads\/[^"'\s?#)<>\]]+/g) ?? [];

/**
 * Moves images from a copy of wp-content/uploads into the media library, once per file (import links
 * remember them across runs), so bodies and featured images point at our copies. A missing or
 * unreadable file keeps its old URL and is reported.
 */
export class UploadsMover {
  private readonly moved = new Map<string, string>();

  constructor(
    private readonly trx: Db,
    private readonly options: { uploadsDir: string; media: MediaStore; now: number; dryRun: boolean },
  ) {}

  /** The new URL of an old upload URL, once `move` has seen it; the old one otherwise. */
  urlFor(url: string): string {
    const path = uploadPathOf(url);
    return (path && this.moved.get(path)) || url;
  }

  /** Imports the file behind this URL (alt text from its attachment); false when it is not there. */
  async move(url: string, alt: string): Promise<boolean> {
    const path = uploadPathOf(url);
    if (!path) return false;
    if (this.moved.has(path)) return true;
    const key = { source: "wordpress", kind: "media", sourceId: path };
    const link = await findImportLink(this.trx, key);
    const known = link && (await findMediaById(this.trx, link.targetId));
    if (known) {
      this.moved.set(path, known.url);
      return true;
    }
    const data = await this.readOriginal(path);
    if (!data) return false;
    if (this.options.dryRun) {
      this.moved.set(path, url);
      return true;
    }
    try {
      const item = await uploadImage(
        this.trx,
        this.options.media,
        { data: data.bytes, originalName: data.name, alt: alt.slice(0, 1000) },
        null,
        this.options.now,
      );
      await saveImportLink(this.trx, key, { targetId: item.id, fingerprint: String(data.bytes.length) });
      this.moved.set(path, item.url);
      return true;
    } catch (error) {
      // Not an image we can read (a PDF, a damaged file): it stays where it was, and is reported.
      if (error instanceof AppError && error.status < 500) return false;
      throw error;
    }
  }

  /** The file itself, or the original a resized copy was made from. Never outside the uploads folder. */
  private async readOriginal(path: string): Promise<{ bytes: Buffer; name: string } | undefined> {
    for (const candidate of [path, path.replace(SIZE_SUFFIX, "$1")]) {
      const full = normalize(join(this.options.uploadsDir, candidate));
      if (!full.startsWith(normalize(this.options.uploadsDir) + sep)) return undefined;
      try {
        return { bytes: await readFile(full), name: candidate.split("/").pop() ?? candidate };
      } catch {
        // Try the next candidate.
      }
    }
    return undefined;
  }
}
