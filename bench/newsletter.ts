/**
 * One newsletter issue to BENCH_SUBSCRIBERS (default 20,000) subscribers through a local SMTP
 * listener (its own process), with the throttle off: messages/s, the sender's peak RSS, and that the
 * listener received exactly one message per subscriber.
 *
 * The baseline, measured in the same run on the same listener: the bare transport (the same SMTP
 * lanes sending one prebuilt message, no database, no per-recipient rendering). The ratio says what
 * the durable bookkeeping (a claimed batch, one committed delivery row per message) and the
 * per-recipient message cost.
 *
 * BENCH_DATABASE_URL picks the database (default: a temporary SQLite file); BENCH_CONNECTIONS the
 * SMTP connections (default 4).
 */

import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { findPublicArticle } from "../src/features/articles/article.queries.js";
import { createArticle } from "../src/features/articles/article.service.js";
import { markdownToDoc } from "../src/features/articles/document/doc.from-markdown.js";
import { deliveryQueueOf } from "../src/features/newsletters/delivery.queue.js";
import { runDeliveryWorker } from "../src/features/newsletters/delivery.worker.js";
import { queueIssue } from "../src/features/newsletters/issue.service.js";
import { defineNewsletter } from "../src/features/newsletters/newsletter.service.js";
import { SmtpLane } from "../src/features/newsletters/smtp-lane.js";
import { activateSubscriptions } from "../src/features/newsletters/subscription.repository.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage } from "../src/storage/storage.js";
import { newsletterInput } from "../test/helpers/newsletters.js";
import { repoRoot } from "./lib/child-server.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { machineInfo, writeResults } from "./lib/results.js";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const BASELINE_MESSAGES = 5000;
const TARGET_PER_SEC = 500;
const TARGET_RSS_MIB = 250;
const SITE = "https://ledger.example";

interface SinkCount {
  messages: number;
  recipients: number;
}

async function startSink(): Promise<{ url: string; ask: (what: "count" | "reset") => Promise<SinkCount> }> {
  const child: ChildProcess = fork(join(repoRoot, "bench/lib/smtp-sink.ts"), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  onCleanup(() => void child.kill());
  const [{ port }] = (await once(child, "message")) as [{ port: number }];
  const ask = async (what: "count" | "reset") => {
    child.send(what);
    const [answer] = (await once(child, "message")) as [SinkCount];
    return answer;
  };
  return { url: `smtp://127.0.0.1:${port}`, ask };
}

/** The bare transport: the same lanes, one prebuilt message, nothing recorded. */
async function baseline(url: string): Promise<number> {
  const lanes = Array.from({ length: CONNECTIONS }, () => new SmtpLane(new URL(url)));
  const message = Buffer.from(
    `From: news@ledger.example\r\nTo: someone@inbox.example\r\nSubject: baseline\r\n\r\n${"Body text. ".repeat(1500)}\r\n`,
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      while (next < BASELINE_MESSAGES) {
        next += 1;
        await lane.send(
          { from: "news@ledger.example", to: `r${next}@inbox.example` },
          message,
          async () => true,
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const lane of lanes) lane.close();
  return BASELINE_MESSAGES / seconds;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "masthead-bench-newsletter-"));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const config = loadConfig({
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, "bench.db")}`,
    MEDIA_DIR: join(dir, "media"),
  });
  const storage = openStorage(config.database);
  onCleanup(() => storage.close());
  await migrateToLatest(storage);
  const { db } = storage;
  const now = Date.now();

  const sink = await startSink();
  console.log(
    `Baseline: the bare SMTP transport, ${BASELINE_MESSAGES} messages over ${CONNECTIONS} connections…`,
  );
  const baselinePerSec = await baseline(sink.url);
  await sink.ask("reset");

  console.log(`Preparing ${SUBSCRIBERS.toLocaleString("en")} subscribers and one issue…`);
  const newsletterId = await defineNewsletter(db, newsletterInput({ slug: `bench-${now}` }), now);
  for (let start = 0; start < SUBSCRIBERS; start += 1000) {
    const chunk = Array.from({ length: Math.min(1000, SUBSCRIBERS - start) }, (_, i) => ({
      newsletterId,
      email: `reader${start + i + 1}@inbox.example`,
    }));
    await activateSubscriptions(db, chunk, "bench", now);
  }
  const article = await createArticle(
    db,
    {
      title: "Harbour wall repaired after the winter storms",
      standfirst: "The council's crews finished a week early.",
      body: markdownToDoc("The harbour wall is whole again. ".repeat(120)),
      status: "published",
      publishedAt: now - 1000,
      categoryIds: [],
      tagNames: [],
      authorIds: [],
      image: null,
      attributions: [{ kind: "source", outlet: "Port Authority", url: "https://port.example/report" }],
    },
    now,
  );
  const detail = await findPublicArticle(db, article.slug, now);
  if (!detail) throw new Error("the article is not public");
  const queueStarted = performance.now();
  await queueIssue(storage, {
    newsletterId,
    issueKey: `article:${article.id}`,
    stories: [detail],
    siteUrl: SITE,
    siteTitle: "The Harbour Ledger",
    now,
  });
  const queueSeconds = (performance.now() - queueStarted) / 1000;

  console.log("Sending…");
  const tty = process.stdout.isTTY;
  const started = performance.now();
  await runDeliveryWorker(
    db,
    deliveryQueueOf(storage),
    {
      smtpUrl: sink.url,
      siteUrl: SITE,
      secret: "bench",
      concurrency: CONNECTIONS,
      ratePerSecond: 0,
      maxAttempts: 5,
      firstRetryMs: 60_000,
    },
    {
      clock: Date.now,
      untilIdle: true,
      onProgress: (handled) => {
        if (handled % 1000 !== 0) return;
        if (tty)
          process.stdout.write(`\r  ${handled.toLocaleString("en")} of ${SUBSCRIBERS.toLocaleString("en")}`);
        else console.log(`  ${handled} of ${SUBSCRIBERS}`);
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (tty) process.stdout.write("\n");
  const received = await sink.ask("count");
  const perSec = SUBSCRIBERS / seconds;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const results = {
    dialect: storage.dialect,
    subscribers: SUBSCRIBERS,
    connections: CONNECTIONS,
    queueSeconds,
    seconds,
    messagesPerSec: perSec,
    baselineMessagesPerSec: baselinePerSec,
    ratioToBaseline: perSec / baselinePerSec,
    peakRssMiB,
    received,
    machine: machineInfo(),
  };
  console.log(
    `Queued the issue (render once, ${SUBSCRIBERS} delivery rows, batches) in ${queueSeconds.toFixed(2)} s`,
  );
  console.log(
    `Sent ${SUBSCRIBERS.toLocaleString("en")} in ${seconds.toFixed(1)} s: ${perSec.toFixed(0)} messages/s ` +
      `(target ≥ ${TARGET_PER_SEC}); bare transport ${baselinePerSec.toFixed(0)} messages/s; ratio ${results.ratioToBaseline.toFixed(2)}`,
  );
  console.log(`Peak RSS of the sender: ${peakRssMiB.toFixed(0)} MiB (target ≤ ${TARGET_RSS_MIB})`);
  console.log(`Received: ${received.messages} messages to ${received.recipients} distinct recipients`);
  console.log(`Results: ${await writeResults("newsletter", results)}`);
  if (received.messages !== SUBSCRIBERS || received.recipients !== SUBSCRIBERS) {
    throw new Error(`The listener received ${received.messages} messages for ${SUBSCRIBERS} subscribers.`);
  }
}

runBounded("bench:newsletter", 15 * 60_000, main);
