import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../storage/storage.js";
import { CommitGroup } from "./commit-group.js";
import { type ClaimedJob, type DeliveryQueue, requeueStrandedDeliveries } from "./delivery.queue.js";
import { claimBatch, commitSent, nextRetryInBatch, recordFailure } from "./delivery.repository.js";
import type { IssueMessages } from "./issue.message.js";
import { findIssueForSending } from "./issue.repository.js";
import { SmtpLane } from "./smtp-lane.js";
import { suppress } from "./subscription.repository.js";
import { newsletterSecret, unsubscribeToken } from "./unsubscribe-link.js";

export interface DeliverySettings {
  smtpUrl: string;
  siteUrl: string;
  /** Signs the unsubscribe links. */
  secret: string;
  /** Simultaneous SMTP connections per worker. */
  concurrency: number;
  /** Messages per second over all connections; 0 for no limit. */
  ratePerSecond: number;
  /** Attempts before a temporary failure counts as failed. */
  maxAttempts: number;
  /** The wait after the first temporary failure; each next one waits four times longer. */
  firstRetryMs: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_FIRST_RETRY_MS = 60_000;

/** Evenly spaced send slots, so a burst never exceeds the configured rate. */
class Throttle {
  private nextSlot = 0;
  constructor(private readonly perSecond: number) {}
  async take(): Promise<void> {
    if (this.perSecond <= 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
  }
}

/** The wait after the nth temporary failure: 1, 4, 16, 64… minutes by default, capped at six hours. */
const retryDelayMs = (firstRetryMs: number, attempts: number) =>
  Math.min(firstRetryMs * 4 ** attempts, 6 * 3_600_000);

/** An issue as the worker keeps it while sending: its messages prepared once. */
interface LoadedIssue {
  newsletterId: number;
  senderEmail: string;
  messages: IssueMessages;
}

async function loadIssue(db: Db, issueId: number, siteUrl: string): Promise<LoadedIssue> {
  const issue = await findIssueForSending(db, issueId);
  // Loaded with the first issue sent (it brings nodemailer's MIME encoders), not with the web process.
  const { IssueMessages } = await import("./issue.message.js");
  return {
    newsletterId: issue.newsletterId,
    senderEmail: issue.newsletter.senderEmail,
    messages: new IssueMessages(issue, new URL(siteUrl).hostname),
  };
}

interface BatchRun {
  db: Db;
  queue: DeliveryQueue;
  job: ClaimedJob;
  issue: LoadedIssue;
  settings: DeliverySettings;
  clock: () => number;
  commits: CommitGroup;
}

async function deliverOne(
  run: BatchRun,
  lane: SmtpLane,
  row: { id: number; email: string; attempts: number },
) {
  const { db, job, issue, settings, clock } = run;
  const token = unsubscribeToken(settings.secret, row.id);
  const message = issue.messages.forRecipient(
    {
      deliveryId: row.id,
      email: row.email,
      token,
      unsubscribeUrl: `${settings.siteUrl}/newsletters/unsubscribe/${token}`,
    },
    new Date(clock()),
  );
  const outcome = await lane.send({ from: issue.senderEmail, to: row.email }, message, () =>
    run.commits.commit(row.id),
  );
  if (outcome.kind === "sent" || outcome.kind === "abandoned") return;
  const now = clock();
  if (outcome.kind === "permanent") {
    await recordFailure(
      db,
      { id: row.id, claim: job.claim },
      { status: "failed", error: outcome.error, retryAt: now },
    );
    await suppress(db, row.email, "bounced", `SMTP refused: ${outcome.error}`, now);
    return;
  }
  const exhausted = row.attempts + 1 >= settings.maxAttempts;
  await recordFailure(
    db,
    { id: row.id, claim: job.claim },
    {
      status: exhausted ? "failed" : "queued",
      error: outcome.error,
      retryAt: now + retryDelayMs(settings.firstRetryMs, row.attempts),
    },
  );
}

/** Works one claimed batch through `lanes` in parallel, renewing the lease; stops if it is lost. */
async function deliverBatch(
  batch: Omit<BatchRun, "commits">,
  lanes: SmtpLane[],
  throttle: Throttle,
  onSent: (n: number) => void,
) {
  const { db, queue, job, clock } = batch;
  const run = { ...batch, commits: new CommitGroup((ids) => commitSent(db, ids, job.claim, clock())) };
  const rows = await claimBatch(db, job, run.issue.newsletterId, clock());
  let lost = false;
  const heartbeat = setInterval(() => {
    queue.renew(job, clock()).then(
      (ok) => {
        if (!ok) lost = true;
      },
      () => {},
    );
  }, queue.leaseMs / 3);
  let next = 0;
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        while (!lost && next < rows.length) {
          const row = rows[next++] as (typeof rows)[number];
          await throttle.take();
          await deliverOne(run, lane, row);
          onSent(1);
        }
      }),
    );
  } finally {
    clearInterval(heartbeat);
  }
  if (lost) return;
  const retryAt = await nextRetryInBatch(db, job);
  await queue.release(job, retryAt === undefined ? undefined : { at: retryAt, now: clock() });
}

export interface WorkerOptions {
  clock: () => number;
  /**
   * Return once no job is due now (retries due later wait for the next run), after waiting for jobs other
   * workers hold (a dead worker's is taken up when its lease runs out); otherwise poll for ever.
   */
  untilIdle: boolean;
  signal?: AbortSignal;
  /** Called after each recipient handled. */
  onProgress?: (handled: number) => void;
}

const POLL_MS = 1000;

/**
 * Takes recipient batches from the queue and sends them, on as many instances as run it: the queue's
 * claims keep two workers off one batch, and the delivery rows keep a recipient from a second message.
 */
export async function runDeliveryWorker(
  db: Db,
  queue: DeliveryQueue,
  settings: DeliverySettings,
  options: WorkerOptions,
): Promise<void> {
  const lanes = Array.from({ length: settings.concurrency }, () => new SmtpLane(new URL(settings.smtpUrl)));
  const throttle = new Throttle(settings.ratePerSecond);
  const issues = new Map<number, LoadedIssue>();
  let handled = 0;
  // A restored PostgreSQL site has its delivery rows but not pg-boss's jobs: a starting worker queues them again.
  await requeueStrandedDeliveries(db, queue, options.clock());
  try {
    while (!options.signal?.aborted) {
      const job = await queue.claim(options.clock());
      if (!job) {
        const next = await queue.nextJob(options.clock());
        // Idle: nothing due now but retries for a later run; a job another worker holds is waited for.
        if (options.untilIdle && (!next || (!next.held && next.inMs > 0))) return;
        const wait = next === undefined ? POLL_MS : Math.min(Math.max(next.inMs, 50), POLL_MS * 5);
        await sleep(wait, undefined, { signal: options.signal }).catch(() => {});
        continue;
      }
      let issue = issues.get(job.issueId);
      if (!issue) {
        issue = await loadIssue(db, job.issueId, settings.siteUrl);
        issues.set(job.issueId, issue);
      }
      await deliverBatch(
        { db, queue, job, issue, settings, clock: options.clock },
        lanes,
        throttle,
        (count) => {
          handled += count;
          options.onProgress?.(handled);
        },
      );
    }
  } finally {
    for (const lane of lanes) lane.close();
  }
}

/** The worker's settings from the process configuration; none without SMTP (nothing to send through). */
export function deliverySettings(
  config: { smtpUrl: string | null; siteUrl: string; newsletterRate: number; newsletterConcurrency: number },
  secret: string,
): DeliverySettings | undefined {
  if (!config.smtpUrl) return undefined;
  return {
    smtpUrl: config.smtpUrl,
    siteUrl: config.siteUrl,
    secret: newsletterSecret(secret),
    concurrency: config.newsletterConcurrency,
    ratePerSecond: config.newsletterRate,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    firstRetryMs: DEFAULT_FIRST_RETRY_MS,
  };
}
