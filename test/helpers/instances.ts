import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Mail } from "../../src/features/mail/mailer.js";
import { openStorage } from "../../src/storage/storage.js";
import { TEST_NOW, type TestApp } from "./app.js";
import { openTestStorage, testDatabaseUrl } from "./databases.js";
import { startLocalS3 } from "./s3.js";
import { type MockStripe, startMockStripe, TEST_WEBHOOK_SECRET } from "./stripe.js";

export interface Instance extends TestApp {
  /** Where this instance listens, e.g. http://127.0.0.1:41234 */
  url: string;
}

export interface TwoInstances {
  a: Instance;
  b: Instance;
  /** Every e-mail either instance sent. */
  mails: Mail[];
  stripe: MockStripe;
}

/**
 * Two app instances as two machines would run them: each its own server on its own port and its own
 * database pool, sharing one PostgreSQL schema, one Redis, one S3 bucket and the same clock.
 */
export async function startTwoInstances(t: TestContext): Promise<TwoInstances> {
  const redisUrl = process.env.TEST_REDIS_URL;
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (!redisUrl || !postgresUrl) throw new Error("two instances need TEST_POSTGRES_URL and TEST_REDIS_URL");
  const s3 = await startLocalS3(t);
  const stripe = await startMockStripe(t);
  const mediaDir = mkdtempSync(join(tmpdir(), "masthead-unused-media-"));
  const config = loadConfig({
    ...s3.env,
    REDIS_URL: redisUrl,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    SITE_URL: "https://news.example.test",
    MEDIA_DIR: mediaDir,
  });
  const shared = await openTestStorage("postgres");
  const mails: Mail[] = [];
  const mailer = { send: async (mail: Mail) => void mails.push(mail) };
  let now = TEST_NOW;
  const clock = {
    now: () => now,
    setNow: (value: number) => {
      now = value;
    },
  };
  const closers: (() => Promise<void>)[] = [];
  const instance = async (storage: TestApp["storage"]): Promise<Instance> => {
    const app = await buildApp({ config, storage, clock: clock.now, mailer, stripe: stripe.client });
    await app.listen({ port: 0, host: "127.0.0.1" });
    closers.push(() => app.close());
    const { port } = app.server.address() as AddressInfo;
    return { app, storage, mediaDir, ...clock, url: `http://127.0.0.1:${port}` };
  };
  const a = await instance(shared.storage);
  const storageB = openStorage(
    { dialect: "postgres", url: testDatabaseUrl(shared.storage) },
    { searchPath: shared.storage.schema },
  );
  const b = await instance(storageB);
  t.after(async () => {
    await Promise.all(closers.map((close) => close()));
    await storageB.close();
    await shared.dispose();
    rmSync(mediaDir, { recursive: true, force: true });
  });
  return { a, b, mails, stripe };
}
