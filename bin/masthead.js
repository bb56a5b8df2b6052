#!/usr/bin/env node
// The compiled CLI; `npm ci` builds it (the "prepare" script), so starting never compiles. No node
// flags here: the server's --max-semi-space-size=64 (decision 0011) is passed where the server starts
// (`npm start`, the Dockerfile, the systemd unit), and would cost batch commands such as imports up to
// 128 MB of young generation they do not need (decision 0041).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(compiled)) {
  console.error('masthead: not built yet; run "npm ci" (or "npm run build") in the Masthead folder first.');
  process.exit(1);
}
await import(compiled.href);
