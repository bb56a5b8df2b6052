import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sql } from "kysely";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { queuedStory } from "../../../test/helpers/newsletters.js";
import { startSmtpListener } from "../../../test/helpers/smtp.js";
import type { Storage } from "../../storage/storage.js";
import { bossSchemaOf } from "./delivery.pg-boss.js";
import { deliveryQueueOf } from "./delivery.queue.js";
import { runDeliveryWorker } from "./delivery.worker.js";
import { verifyNewsletterSends } from "./newsletter.verify.js";

const NOW = Date.UTC(2026, 11, 2, 8);
const RECIPIENTS = 5;
const SENT_BEFORE_THE_STOP = 2;

/** What restoring a PostgreSQL backup does to the queue: the delivery rows come back, the queue's jobs do not. */
async function removeQueueJobs(storage: Storage) {
  if (storage.dialect === "sqlite") await storage.db.deleteFrom("newsletter_jobs").execute();
  else await sql`delete from ${sql.table(`${await bossSchemaOf(storage.db)}.job`)}`.execute(storage.db);
}

/** Sends until no batch is due, one connection; `onProgress` may stop it by throwing. */
const work = (storage: Storage, smtpUrl: string, onProgress?: (handled: number) => void) =>
  runDeliveryWorker(
    storage.db,
    deliveryQueueOf(storage),
    {
      smtpUrl,
      siteUrl: "https://ledger.example",
      secret: "test-secret",
      concurrency: 1,
      ratePerSecond: 0,
      maxAttempts: 3,
      firstRetryMs: 60_000,
    },
    { clock: () => NOW, untilIdle: true, onProgress },
  );

/** A five-recipient send stopped after two messages (its batch left claimed), then the queue's jobs removed. */
async function interruptedSendWithoutJobs(storage: Storage, smtpUrl: string) {
  const { emails, queue } = await queuedStory(storage, RECIPIENTS, { now: NOW });
  await queue();
  const stopAfterTwo = (handled: number) => {
    if (handled === SENT_BEFORE_THE_STOP) throw new Error("worker stopped");
  };
  await assert.rejects(work(storage, smtpUrl, stopAfterTwo), /worker stopped/);
  await removeQueueJobs(storage);
  return emails;
}

const verify = async (storage: Storage, fix: boolean) => {
  const lines: string[] = [];
  const sound = await verifyNewsletterSends(storage, (line) => lines.push(line), { fix, now: NOW });
  return { sound, lines };
};

for (const dialect of testDialects()) {
  describe(`stranded newsletter recipients (${dialect})`, () => {
    test("verify reports them, --fix queues them again, and each recipient gets exactly one message", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const smtp = await startSmtpListener(t);
      const emails = await interruptedSendWithoutJobs(storage, smtp.url);
      assert.equal(smtp.inbox.length, SENT_BEFORE_THE_STOP);

      const report = await verify(storage, false);
      assert.equal(report.sound, false);
      assert.match(report.lines.at(-1) ?? "", /^3 recipient\(s\) wait with no queue job/);
      const fixed = await verify(storage, true);
      assert.equal(fixed.sound, true);
      assert.ok(fixed.lines.includes("Queued 3 stranded recipient(s) again."), fixed.lines.join("\n"));
      assert.equal((await verify(storage, false)).sound, true);

      await work(storage, smtp.url);
      assert.deepEqual(smtp.inbox.map((mail) => mail.to[0]).sort(), [...emails].sort());
    });

    test("a starting worker queues them again by itself", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const smtp = await startSmtpListener(t);
      const emails = await interruptedSendWithoutJobs(storage, smtp.url);
      await work(storage, smtp.url);
      assert.deepEqual(smtp.inbox.map((mail) => mail.to[0]).sort(), [...emails].sort());
      assert.equal((await verify(storage, false)).sound, true);
    });
  });
}
