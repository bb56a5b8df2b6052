#!/usr/bin/env -S node --max-semi-space-size=64
// The compiled CLI; `npm ci` builds it (the "prepare" script), so starting never compiles. The node
// flag is the server's, as in `npm start` (docs/decisions/0011-measuring-and-sharing-reads.md): a
// roomier young generation for a server that allocates per request.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(compiled)) {
  console.error('masthead: not built yet; run "npm ci" (or "npm run build") in the Masthead folder first.');
  process.exit(1);
}
await import(compiled.href);
