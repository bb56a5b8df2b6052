/**
 * The compiled server's memory at each stage of starting, as `masthead start` goes through them
 * (src/server.ts serve()): after importing the app, after buildApp + ready, after warmUpPages.
 * Each reading follows a full GC, so it is what stays, not what the last step left to collect.
 *
 * Usage (plain node, not tsx: the loader would be measured too):
 *   npx tsc -p tsconfig.build.json
 *   DATABASE_URL=sqlite:/tmp/demo.db node dist/cli.js seed-demo
 *   DATABASE_URL=sqlite:/tmp/demo.db node --expose-gc bench/startup-memory.mjs
 */

const MIB = 1024 * 1024;

if (typeof globalThis.gc !== "function") {
  console.error("startup-memory: run with node --expose-gc");
  process.exit(2);
}

/** Prints RSS and live JS heap after a full collection. */
function reading(stage) {
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(
    `${stage.padEnd(24)} rss ${(rss / MIB).toFixed(1)} MiB  heap ${(heapUsed / MIB).toFixed(1)} MiB`,
  );
}

reading("node");
const { buildApp } = await import("../dist/app.js");
const { loadConfig } = await import("../dist/config.js");
const { systemClock } = await import("../dist/core/clock.js");
const { warmUpPages } = await import("../dist/pages/warm-up.js");
const { openStorage } = await import("../dist/storage/storage.js");
reading("import dist/app.js");

const config = loadConfig();
const storage = openStorage(config.database);
const app = await buildApp({ config, storage, clock: systemClock, warmUp: true });
await app.ready();
reading("buildApp + ready");

await warmUpPages(app, storage.db, systemClock());
reading("warmUpPages");

await app.close();
await storage.close();
