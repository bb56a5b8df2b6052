import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import type { DatabaseTarget } from "../../src/config.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage } from "../../src/storage/storage.js";
import { openTestStorage, testDatabaseUrl, testDialects } from "../helpers/databases.js";
import { loadedNodeLibraries, loadedPackages, recordingLoadedModules } from "../helpers/loaded-modules.js";
import { freePort, startServerProcess } from "../helpers/server-process.js";

/** What a site loads only when its settings use it, or with the first image (sharp) (decision 0052). */
const OPTIONAL_ENGINES = [
  "sharp",
  "ioredis",
  "pg-boss",
  "@aws-sdk/client-s3",
  "stripe",
  "nodemailer",
  "juice",
  "tar",
  "saxes",
  "prom-client",
  "transliteration",
];

/** Blank, so that settings in the shell running the tests cannot switch an engine on. */
const ENGINE_SETTINGS_OFF = Object.fromEntries(
  [
    "REDIS_URL",
    "MEDIA_STORAGE",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "SMTP_URL",
    "METRICS_TOKEN",
  ].map((name) => [name, ""]),
);

/**
 * A migrated database with the demo content, seeded here rather than by the server's first start
 * (which slugs the demo titles): the DATABASE_URL for the server.
 */
async function demoSite(t: TestContext, dialect: DatabaseTarget["dialect"], dir: string): Promise<string> {
  let url = `sqlite:${join(dir, "site.db")}`;
  let target: DatabaseTarget = { dialect: "sqlite", path: join(dir, "site.db") };
  if (dialect === "postgres") {
    // A database of its own; the template's tables are in another schema, the server uses `public`.
    const copy = await openTestStorage("postgres");
    t.after(() => copy.dispose());
    url = testDatabaseUrl(copy.storage);
    target = { dialect: "postgres", url };
  }
  const storage = openStorage(target);
  try {
    await migrateToLatest(storage);
    await seedDemoContent(storage.db, { media: localMediaStore(join(dir, "media")), now: Date.now() });
  } finally {
    await storage.close();
  }
  return url;
}

for (const dialect of testDialects()) {
  test(`a ${dialect} site without Redis, S3, Stripe, SMTP or metrics loads none of their packages, nor Node's fetch`, {
    timeout: 120_000,
  }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "masthead-engines-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, "media"));
    const databaseUrl = await demoSite(t, dialect, dir);
    const log = join(dir, "loaded-modules.log");
    const recording = recordingLoadedModules(log);
    const port = await freePort();
    const env = {
      ...ENGINE_SETTINGS_OFF,
      ...recording.env,
      DATABASE_URL: databaseUrl,
      MEDIA_DIR: join(dir, "media"),
      PORT: String(port),
      WEB_CONCURRENCY: "1",
    };
    const server = await startServerProcess(env, { stderr: "" }, recording.nodeArgs);
    t.after(() => server.kill("SIGKILL"));

    // A reader's visit: the home page, an article and its votes.
    const base = `http://127.0.0.1:${port}`;
    const home = await (await fetch(`${base}/`)).text();
    const slug = /<h2 class="card-title"><a href="\/([a-z0-9-]+)\/">/.exec(home)?.[1];
    assert.ok(slug, "an article on the home page");
    assert.equal((await fetch(`${base}/${slug}/`)).status, 200);
    assert.equal((await fetch(`${base}/api/v1/articles/${slug}/votes`)).status, 200);
    // A clean stop: the recorder adds the CommonJS modules as the process exits.
    server.kill("SIGTERM");
    await once(server, "exit");

    const loaded = loadedPackages(log);
    const driver = dialect === "sqlite" ? "better-sqlite3" : "pg";
    assert.ok(loaded.has("fastify") && loaded.has(driver), "the recording holds what every request uses");
    const unused = dialect === "sqlite" ? [...OPTIONAL_ENGINES, "pg"] : OPTIONAL_ENGINES;
    assert.deepEqual(
      unused.filter((name) => loaded.has(name)),
      [],
      "packages of engines this site does not use",
    );
    // On Node 24 an ES import of node:http alone loads it: 14 MiB of RSS for nothing (decision 0062).
    // pg loads it where Node has no navigator (Node 20): it probes for Cloudflare's runtime with a Response.
    const pgLoadsFetch = dialect === "postgres" && !("navigator" in globalThis);
    if (!pgLoadsFetch)
      assert.equal(loadedNodeLibraries(log).has("undici"), false, "Node's fetch library, which no page uses");
  });
}
