/**
 * Child entry: the real app on an existing SQLite database, started as `masthead start` starts it:
 * migrations checked, an empty site seeded (these have content), the app built, warmed up, listening.
 * Usage: node --import tsx bench/lib/serve-site.ts DATABASE_FILE MEDIA_DIR [--open-limits]
 *
 * --open-limits raises the vote and comment thresholds to their schema maxima (bench/lib/open-limits.ts)
 * before the app starts, for load that comes from 127.0.0.1 only.
 */

import { parseArgs } from "node:util";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { systemClock } from "../../src/core/clock.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { warmUpPages } from "../../src/pages/warm-up.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage } from "../../src/storage/storage.js";
import { listenAndAnnounce } from "./child-side.js";
import { openCommentLimits, openVoteLimits } from "./open-limits.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "open-limits": { type: "boolean", default: false } },
});
const [databasePath, mediaDir] = positionals;
if (!databasePath || !mediaDir) throw new Error("serve-site needs a database file and a media directory");

const config = loadConfig({ DATABASE_URL: `sqlite:${databasePath}`, MEDIA_DIR: mediaDir, PORT: "0" });
const storage = openStorage(config.database);
await migrateToLatest(storage);
await seedDemoContent(storage.db, { media: localMediaStore(config.mediaDir), now: systemClock() });
const limits = values["open-limits"]
  ? { ...(await openVoteLimits(storage.db)), ...(await openCommentLimits(storage.db)) }
  : undefined;
const app = await buildApp({ config, storage, clock: systemClock, warmUp: true });
await warmUpPages(app, storage.db, systemClock());
await listenAndAnnounce(app, storage, () => ({
  database: databasePath,
  ...(limits ? { limits } : {}),
}));
