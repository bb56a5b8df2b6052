import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

// Two levels up from both src/http and dist/http.
export const PUBLIC_DIR = fileURLToPath(new URL("../../public/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
};

interface Asset {
  body: Buffer;
  contentType: string;
}

/**
 * Static assets under content-hashed names ("site.3f2a9c1b.css"), so browsers may cache them for a
 * year and a changed file is a new URL. They are few and small, so they are held in memory.
 */
export class Assets {
  private readonly byHashedName = new Map<string, Asset>();
  private readonly hashedNames = new Map<string, string>();

  constructor(dir = join(PUBLIC_DIR, "assets")) {
    for (const name of readdirSync(dir)) {
      const body = readFileSync(join(dir, name));
      const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
      const extension = extname(name);
      const hashedName = `${name.slice(0, -extension.length)}.${hash}${extension}`;
      this.hashedNames.set(name, hashedName);
      this.byHashedName.set(hashedName, {
        body,
        contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
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
      return reply
        .header("content-type", asset.contentType)
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(asset.body);
    });
  }
}
