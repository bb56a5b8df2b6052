import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Smaller bodies gain too little to pay for the work (and often grow). */
export const MIN_COMPRESSIBLE_BYTES = 1024;

/**
 * The encoding to send for an Accept-Encoding header: brotli if accepted, else gzip, else none.
 * A coding listed with q=0 is refused; "*" accepts both.
 */
export function negotiateEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of String(header).split(",")) {
    const [name = "", ...parameters] = part.trim().toLowerCase().split(";");
    const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (coding: Encoding) => (accepted.get(coding) ?? accepted.get("*") ?? 0) > 0;
  if (allows("br")) return "br";
  if (allows("gzip")) return "gzip";
  return undefined;
}

/**
 * `level`: "stored" for bodies compressed once and served many times (brotli 9, gzip 9), "live" for
 * bodies compressed per response (brotli 4, gzip 6: a fraction of the time for most of the gain).
 */
export function compress(body: Buffer, encoding: Encoding, level: "stored" | "live"): Buffer {
  if (encoding === "gzip") return gzipSync(body, { level: level === "stored" ? 9 : 6 });
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: level === "stored" ? 9 : 4,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/** A strong ETag names one representation, so each encoding gets its own. */
export const etagFor = (etag: string, encoding: Encoding | undefined) =>
  encoding ? `${etag.slice(0, -1)}-${encoding}"` : etag;
