import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { queuedStory } from "../../../test/helpers/newsletters.js";
import { startSmtpListener } from "../../../test/helpers/smtp.js";
import { deliveryQueueOf } from "./delivery.queue.js";
import { issueFigures } from "./delivery.repository.js";
import { type DeliverySettings, runDeliveryWorker } from "./delivery.worker.js";
import { findSuppression } from "./subscription.repository.js";
import { deliveryOfToken } from "./unsubscribe-link.js";

const NOW = Date.UTC(2026, 11, 2, 8);
const SITE = "https://ledger.example";

const settingsFor = (smtpUrl: string): DeliverySettings => ({
  smtpUrl,
  siteUrl: SITE,
  secret: "test-secret",
  concurrency: 2,
  ratePerSecond: 0,
  maxAttempts: 3,
  firstRetryMs: 60_000,
});

/** The decoded text/plain and text/html parts of a multipart message. */
function bodyParts(raw: string): { text: string; html: string } {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? assert.fail("no boundary");
  const parts = raw.split(`--${boundary}`).slice(1, -1);
  const decoded = (type: string) => {
    const part = parts.find((candidate) => candidate.includes(`Content-Type: ${type}`)) ?? assert.fail(type);
    const [, body = ""] = part.split(/\r\n\r\n/);
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  };
  return { text: decoded("text/plain"), html: decoded("text/html") };
}

const header = (raw: string, name: string) => {
  const unfolded = raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, " ") ?? "";
  return new RegExp(`^${name}: (.*)$`, "im").exec(unfolded)?.[1];
};

for (const dialect of testDialects()) {
  describe(`newsletter delivery (${dialect})`, () => {
    test("each subscriber gets one message with the bulk-mail headers; queueing twice sends once", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const smtp = await startSmtpListener(t);
      const { emails, queue } = await queuedStory(storage, 3, { now: NOW });
      const first = await queue();
      const second = await queue();
      assert.equal(first.recipients, 3);
      assert.deepEqual([second.issueId, second.alreadyQueued], [first.issueId, true]);
      const work = () =>
        runDeliveryWorker(storage.db, deliveryQueueOf(storage), settingsFor(smtp.url), {
          clock: () => NOW,
          untilIdle: true,
        });
      await work();
      await work();

      assert.deepEqual(smtp.inbox.map((mail) => mail.to[0]).sort(), [...emails].sort());
      for (const mail of smtp.inbox) {
        const raw = mail.raw;
        const unsubscribe = header(raw, "List-Unsubscribe") ?? "";
        const https = /<(https:\/\/ledger\.example\/newsletters\/unsubscribe\/([^>]+))>/.exec(unsubscribe);
        assert.ok(https, unsubscribe);
        assert.match(unsubscribe, /<mailto:editors@ledger\.example\?subject=unsubscribe%20[^>]+>/);
        const deliveryId = deliveryOfToken("test-secret", https[2] ?? "");
        assert.ok(deliveryId, "the link is signed for this recipient's delivery");
        assert.equal(header(raw, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
        assert.match(header(raw, "List-Id") ?? "", /^The Morning Ledger <letter-\d+\.ledger\.example>$/);
        assert.equal(
          header(raw, "Message-ID"),
          `<issue-${first.issueId}.delivery-${deliveryId}@ledger.example>`,
        );
        assert.match(header(raw, "From") ?? "", /The Harbour Ledger.*<news@ledger\.example>/);
        assert.equal(header(raw, "Reply-To"), "editors@ledger.example");
        assert.equal(header(raw, "Subject"), "Harbour wall repaired");
        assert.match(raw, /Content-Type: multipart\/alternative/);
        const { text, html } = bodyParts(raw);
        for (const body of [text, html]) {
          assert.ok(body.includes(https[1] ?? "-"), "the body carries the same unsubscribe link");
          assert.match(body, /Read and vote online/);
          assert.match(body, /Support us/);
          assert.match(body, /Port Authority/);
        }
        // No tracking by default: links go straight to their pages, and no image but the story's own.
        for (const [, href = ""] of html.matchAll(/href="([^"]*)"/g))
          assert.match(href, /^(https:\/\/ledger\.example\/|https:\/\/port\.example\/report$)/, href);
        assert.doesNotMatch(html, /<img/, "no tracking pixel");
      }
      assert.deepEqual(await issueFigures(storage.db, first.issueId), {
        recipients: 3,
        queued: 0,
        sent: 3,
        failed: 0,
        skipped: 0,
        bounced: 0,
        unsubscribed: 0,
      });
    });

    test("a temporary refusal is retried after its backoff; a permanent one fails and suppresses the address", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      let busy = true;
      const retried = new AbortController();
      const smtp = await startSmtpListener(t, {
        checkRecipient: (address) => {
          if (address === "reader2@inbox.example" && busy)
            return Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 });
          if (address === "reader3@inbox.example")
            return Object.assign(new Error("No such user"), { responseCode: 550 });
          return undefined;
        },
        onMessage: (mail) => {
          if (mail.to[0] === "reader2@inbox.example") retried.abort();
        },
      });
      // Real time: pg-boss schedules the retry by the database's clock.
      const { queue } = await queuedStory(storage, 3, { now: Date.now() });
      const { issueId } = await queue();
      const settings = { ...settingsFor(smtp.url), firstRetryMs: 1500 };
      const work = (untilIdle: boolean) =>
        runDeliveryWorker(storage.db, deliveryQueueOf(storage), settings, {
          clock: Date.now,
          untilIdle,
          signal: retried.signal,
        });
      await work(true);
      assert.deepEqual(
        smtp.inbox.map((mail) => mail.to[0]),
        ["reader1@inbox.example"],
      );
      let figures = await issueFigures(storage.db, issueId);
      assert.deepEqual([figures.sent, figures.queued, figures.failed], [1, 1, 1]);
      assert.equal((await findSuppression(storage.db, "reader3@inbox.example"))?.reason, "bounced");

      busy = false;
      // Not before its backoff: a run now finds nothing due and returns.
      await work(true);
      assert.equal(smtp.inbox.length, 1);
      // A worker that keeps polling sends it once the backoff is over.
      await work(false);
      assert.deepEqual(
        smtp.inbox.map((mail) => mail.to[0]),
        ["reader1@inbox.example", "reader2@inbox.example"],
      );
      figures = await issueFigures(storage.db, issueId);
      assert.deepEqual([figures.sent, figures.queued, figures.failed], [2, 0, 1]);
    });
  });
}
