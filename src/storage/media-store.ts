import type { Readable } from "node:stream";

/**
 * "The media store": where uploaded images and their resized copies live, under keys that are their
 * paths below /media/ (e.g. `2026/11/Xy3-640.webp`). Feature code asks for it, never for the disk or S3.
 */
export interface MediaStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Removes the files; keys that do not exist are not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every key the store holds, in byte order of the key (backups and exports read them all). */
  keys(): AsyncIterable<string>;
  /** One file's bytes, or undefined when the key does not exist. */
  get(key: string): Promise<StoredFile | undefined>;
  /** Whether the store answers now (for /readyz). */
  isReachable(): Promise<boolean>;
  /**
   * How the app serves /media/: from a folder on this machine (`dir`), by reading each file from the
   * store (`read`), or by redirecting to a public base URL such as a CDN in front of the bucket.
   */
  close(): void;
  readonly serving:
    | { kind: "folder"; dir: string }
    | { kind: "read"; read(key: string): Promise<StoredFile | undefined> }
    | { kind: "redirect"; baseUrl: string };
}

export interface StoredFile {
  body: Readable;
  contentType: string;
  bytes?: number;
}
