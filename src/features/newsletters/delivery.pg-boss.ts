import { randomBytes } from "node:crypto";
import { CompiledQuery, sql } from "kysely";
import type PgBoss from "pg-boss";
import type { Db } from "../../storage/storage.js";
import type {
  ClaimedJob,
  DeliveryQueue,
  NextJob,
  RecipientBatch,
  StrandedDelivery,
} from "./delivery.queue.js";

const QUEUE = "newsletter-delivery";
/** A job outlives any number of dead workers: the delivery rows, not pg-boss, say when a batch is done. */
const RETRY_LIMIT = 1_000_000;
/** pg-boss's archiving and deletion of finished jobs, run by whichever worker is idle when it is due. */
const MAINTENANCE_MS = 10 * 60_000;

/** pg-boss speaks to PostgreSQL through our Kysely pool (or the caller's transaction): no second pool. */
function bossDb(db: Db): PgBoss.Db {
  return {
    executeSql: async (text, values = []) => ({
      rows: [...(await db.executeQuery(CompiledQuery.raw(text, values))).rows],
    }),
  };
}

/**
 * pg-boss's tables live in a schema beside the site's: `pgboss` beside `public`, `<schema>_pgboss`
 * beside any other (each test's own schema gets its own).
 */
export async function bossSchemaOf(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? "public";
  return schema === "public" ? "pgboss" : `${schema}_pgboss`;
}

/**
 * The delivery queue on pg-boss. pg-boss 10 keeps its own clock (the database's `now()`), so retry
 * delays are handed to it as intervals from now, and it has no lease renewal: a job expires `leaseMs`
 * after it was fetched, and `renew` only checks that it is still ours (decision 0024).
 */
export class PgBossQueue implements DeliveryQueue {
  private ready: Promise<{ boss: PgBoss; schema: string }> | undefined;
  /** How many times pg-boss had handed out each job we hold when we got it: a later fetch means it is no longer ours. */
  private readonly fetchCounts = new WeakMap<ClaimedJob, number>();
  private lastMaintenance = 0;

  constructor(
    private readonly db: Db,
    readonly leaseMs: number,
  ) {}

  /** Installs (or migrates) pg-boss's schema and the queue on first use; idempotent across instances. */
  private started() {
    this.ready ??= (async () => {
      const schema = await bossSchemaOf(this.db);
      // Loaded here: a web process that never sends a newsletter never needs pg-boss in memory.
      const { default: PgBoss } = await import("pg-boss");
      const boss = new PgBoss({
        db: bossDb(this.db),
        schema,
        supervise: false,
        schedule: false,
        migrate: true,
      });
      await boss.start();
      await boss.createQueue(QUEUE);
      return { boss, schema };
    })();
    this.ready.catch(() => {
      this.ready = undefined;
    });
    return this.ready;
  }

  private jobOptions() {
    return {
      retryLimit: RETRY_LIMIT,
      retryDelay: 0,
      expireInSeconds: Math.max(1, Math.ceil(this.leaseMs / 1000)),
    };
  }

  async enqueue(trx: Db, batches: readonly RecipientBatch[]): Promise<void> {
    const { boss } = await this.started();
    const jobs = batches.map((batch) => ({ name: QUEUE, data: { ...batch }, ...this.jobOptions() }));
    for (let start = 0; start < jobs.length; start += 500)
      await boss.insert(jobs.slice(start, start + 500), { db: bossDb(trx) });
  }

  async claim(): Promise<ClaimedJob | undefined> {
    const { boss } = await this.started();
    let job = await this.fetchOne(boss);
    if (!job) {
      const next = await this.nextJob();
      // A dead worker's job stays active until pg-boss's expiry moves it back; idle workers do that here.
      if (next?.held && next.inMs <= 0) {
        await boss.expire();
        job = await this.fetchOne(boss);
      } else if (Date.now() - this.lastMaintenance > MAINTENANCE_MS) {
        this.lastMaintenance = Date.now();
        await boss.maintain();
      }
    }
    if (!job) return undefined;
    const claimed: ClaimedJob = { ...job.data, jobId: job.id, claim: randomBytes(12).toString("base64url") };
    this.fetchCounts.set(claimed, job.retryCount);
    return claimed;
  }

  private async fetchOne(boss: PgBoss) {
    const [job] = await boss.fetch<RecipientBatch>(QUEUE, { batchSize: 1, includeMetadata: true });
    return job;
  }

  async renew(job: ClaimedJob): Promise<boolean> {
    const { boss } = await this.started();
    const current = await boss.getJobById(QUEUE, job.jobId);
    return current?.state === "active" && current.retryCount === this.fetchCounts.get(job);
  }

  async release(job: ClaimedJob, retry: { at: number; now: number } | undefined): Promise<void> {
    const { boss } = await this.started();
    if (!(await this.renew(job))) return;
    await this.db.transaction().execute(async (trx) => {
      const db = bossDb(trx);
      if (retry) {
        const { jobId: _id, claim: _claim, ...batch } = job;
        const delayMs = Math.max(0, retry.at - retry.now);
        await boss.insert(
          [{ name: QUEUE, data: batch, startAfter: `${delayMs} milliseconds`, ...this.jobOptions() }],
          {
            db,
          },
        );
      }
      await boss.complete(QUEUE, job.jobId, {}, { db });
    });
  }

  async nextJob(): Promise<NextJob | undefined> {
    const { schema } = await this.started();
    const { rows } = await sql<{ held: boolean; in_ms: number | string }>`
      select state = 'active' as held,
        extract(epoch from (case when state = 'active' then started_on + expire_in else start_after end) - now()) * 1000 as in_ms
      from ${sql.table(`${schema}.job`)}
      where name = ${QUEUE} and state < 'completed'
      order by in_ms limit 1`.execute(this.db);
    const row = rows[0];
    return row ? { held: row.held, inMs: Number(row.in_ms) } : undefined;
  }

  async strandedDeliveries(): Promise<StrandedDelivery[]> {
    const { schema } = await this.started();
    const { rows } = await sql<{ issue_id: number; id: number }>`
      select d.issue_id, d.id from newsletter_deliveries d
      where d.status in ('queued', 'sending')
        and not exists (
          select 1 from ${sql.table(`${schema}.job`)} j
          where j.name = ${QUEUE} and j.state < 'completed'
            and (j.data->>'issueId')::int = d.issue_id
            and d.id between (j.data->>'firstDeliveryId')::int and (j.data->>'lastDeliveryId')::int
        )
      order by d.issue_id, d.id`.execute(this.db);
    return rows.map((row) => ({ issueId: row.issue_id, deliveryId: row.id }));
  }
}
