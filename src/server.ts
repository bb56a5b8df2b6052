import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { buildApp } from "./app.js";
import { type Config, ConfigError } from "./config.js";
import { systemClock } from "./core/clock.js";
import { createSetupLinkIfNoStaff } from "./features/accounts/user.service.js";
import { seedDemoContent } from "./features/demo/demo-seed.js";
import { openMediaStore } from "./storage/media-stores.js";
import { migrateToLatest } from "./storage/migrations/index.js";
import { openStorage } from "./storage/storage.js";

/** The web process: migrate, seed an empty site, listen, and close cleanly on a signal. */
export async function startServer(config: Config): Promise<void> {
  // Before the database is opened: a second `npm start` by mistake must not migrate or seed anything.
  await ensurePortFree(config.host, config.port);
  const storage = openStorage(config.database);
  await migrateToLatest(storage);
  const media = openMediaStore(config);
  if (config.mediaStorage.kind === "local") mkdirSync(config.mediaDir, { recursive: true });
  if (config.demoContent) {
    const seeded = await seedDemoContent(storage.db, { media, now: systemClock() });
    if (seeded) console.log(`Seeded demo content: ${seeded.articles} articles.`);
  }
  const app = await buildApp({
    config,
    storage,
    media,
    clock: systemClock,
    logger: { level: config.logLevel },
  });
  const close = async () => {
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Masthead is running at ${config.siteUrl}/ (listening on ${config.host}:${config.port})`);
  const setupToken = await createSetupLinkIfNoStaff(storage.db, systemClock());
  if (setupToken) {
    console.log(
      "No staff account exists yet. Create the owner account here (the link works once, for 24 hours):",
    );
    console.log(`  ${config.siteUrl}/admin/setup/${setupToken}`);
  } else {
    console.log(`Staff area: ${config.siteUrl}/admin/ (sign in with your e-mail and password;`);
    console.log("  forgotten it? run: npx masthead reset-password --email YOU@EXAMPLE.ORG)");
  }
}

/** Fails with one line when something already listens on host:port. */
async function ensurePortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new ConfigError(`Port ${port} on ${host} is already in use; stop what runs there or set PORT.`),
        );
      else if (error.code === "EACCES")
        reject(
          new ConfigError(`Port ${port} on ${host} needs privileges this user lacks; set PORT above 1023.`),
        );
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
