import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { FastifyInstance } from "fastify";
import type Stripe from "stripe";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Mailer } from "../../src/features/mail/mailer.js";
import type { Dialect, Storage } from "../../src/storage/storage.js";
import { openTestStorage } from "./databases.js";

export const TEST_NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface TestApp {
  app: FastifyInstance;
  storage: Storage;
  mediaDir: string;
  /** Moves the app's clock, e.g. past a scheduled article's time. */
  setNow(now: number): void;
  now(): number;
}

/** The real app on a fresh database of the given dialect, closed when the test ends. */
export async function buildTestApp(
  t: TestContext,
  dialect: Dialect = "sqlite",
  options: {
    mailer?: Mailer;
    stripe?: Stripe;
    env?: Record<string, string>;
    /** Receives the app's log lines (JSON, warnings and errors); without it the app logs nothing. */
    logLines?: string[];
  } = {},
): Promise<TestApp> {
  const { storage, dispose } = await openTestStorage(dialect);
  const mediaDir = mkdtempSync(join(tmpdir(), "masthead-media-"));
  let now = TEST_NOW;
  const config = loadConfig({ SITE_URL: "https://news.example.test", MEDIA_DIR: mediaDir, ...options.env });
  const mailer = options.mailer ?? { send: async () => {} };
  const { logLines } = options;
  const logger = logLines && { level: "warn", stream: { write: (line: string) => void logLines.push(line) } };
  const app = await buildApp({
    config,
    storage,
    clock: () => now,
    mailer,
    stripe: options.stripe ?? null,
    logger: logger ?? false,
  });
  t.after(async () => {
    await app.close();
    await dispose();
    rmSync(mediaDir, { recursive: true, force: true });
  });
  const setNow = (value: number) => {
    now = value;
  };
  return { app, storage, mediaDir, setNow, now: () => now };
}
