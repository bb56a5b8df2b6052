/**
 * Child entry: the real app on a fresh SQLite database in DATA_DIR, seeded with the demo content.
 * Usage: node --import tsx bench/lib/serve-demo.ts DATA_DIR
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { systemClock } from "../../src/core/clock.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage } from "../../src/storage/storage.js";
import { announce, exitWithParent } from "./child-side.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("serve-demo needs a data directory argument");

const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dataDir, "bench.db")}`,
  MEDIA_DIR: join(dataDir, "media"),
  PORT: "0",
});
const storage = openStorage(config.database);
await migrateToLatest(storage);
mkdirSync(config.mediaDir, { recursive: true });
const seeded = await seedDemoContent(storage.db, { mediaDir: config.mediaDir, now: Date.now() });
const app = await buildApp({ config, storage, clock: systemClock });
await app.listen({ host: "127.0.0.1", port: 0 });
exitWithParent(async () => {
  await app.close();
  await storage.close();
});
const { address, port } = app.server.address() as AddressInfo;
announce({ url: `http://${address}:${port}`, pid: process.pid, articles: seeded?.articles ?? 0 });
