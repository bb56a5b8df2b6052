import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { compress, type Encoding, MIN_COMPRESSIBLE_BYTES, negotiateEncoding } from "./compression.js";

// Two levels up from both src/http and dist/http.
export const PUBLIC_DIR = fileURLToPath(new URL("../../public/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

interface Asset {
  body: Buffer;
  contentType: string;
  /** Compressed once at start-up (assets are few and small); absent where it would not pay. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

const TEXT_TYPES = new Set([".css", ".js", ".svg"]);

function encodedCopies(body: Buffer, extension: string): Partial<Record<Encoding, Buffer>> {
  if (!TEXT_TYPES.has(extension) || body.length < MIN_COMPRESSIBLE_BYTES) return {};
  return { br: compress(body, "br", "stored"), gzip: compress(body, "gzip", "stored") };
}

/**
 * Static assets under content-hashed names ("site.3f2a9c1b.css"), so browsers may cache them for a
 * year and a changed file is a new URL. They are few and small, so they are held in memory.
 */
export class Assets {
  private readonly byHashedName = new Map<string, Asset>();
  private readonly hashedNames = new Map<string, string>();

  /** `extraFiles`: more assets by name, from elsewhere on disk (the shipped fonts, in node_modules). */
  constructor(dir = join(PUBLIC_DIR, "assets"), extraFiles: Record<string, string> = {}) {
    const files = [...readdirSync(dir).map((name) => [name, join(dir, name)]), ...Object.entries(extraFiles)];
    for (const [name, path] of files as [string, string][]) {
      const body = readFileSync(path);
      const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
      const extension = extname(name);
      const hashedName = `${name.slice(0, -extension.length)}.${hash}${extension}`;
      this.hashedNames.set(name, hashedName);
      this.byHashedName.set(hashedName, {
        body,
        contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
        encoded: encodedCopies(body, extension),
      });
    }
  }

  url(logicalName: string): string {
    const hashed = this.hashedNames.get(logicalName);
    if (!hashed) throw new Error(`No asset named ${logicalName}`);
    return `/assets/${hashed}`;
  }

  register(app: FastifyInstance): void {
    app.get<{ Params: { file: string } }>("/assets/:file", async (request, reply) => {
      const asset = this.byHashedName.get(request.params.file);
      if (!asset) return reply.callNotFound();
      reply
        .header("content-type", asset.contentType)
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("vary", "accept-encoding");
      const encoding = negotiateEncoding(request.headers["accept-encoding"]);
      const encoded = encoding && asset.encoded[encoding];
      if (encoding && encoded) return reply.header("content-encoding", encoding).send(encoded);
      return reply.send(asset.body);
    });
  }
}
