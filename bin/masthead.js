#!/usr/bin/env -S node --max-semi-space-size=64
// The compiled CLI; `npm ci` builds it (the "prepare" script). The node flag is the server's, as in
// `npm start` (docs/decisions/0011-measuring-and-sharing-reads.md): a roomier young generation for a server
// that allocates per request.
import "../dist/cli.js";
