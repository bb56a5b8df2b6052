import type { Storage } from "../../storage/storage.js";
import { deliveryQueueOf, requeueStrandedDeliveries } from "./delivery.queue.js";
import { issueFigures } from "./delivery.repository.js";
import { allIssueIds } from "./issue.repository.js";

/**
 * `masthead newsletters verify [--fix]`: every issue's figures, counted afresh from its delivery rows,
 * and the one inconsistency rows can show: recipients still waiting whom no open queue job will send
 * (after a PostgreSQL restore: pg-boss's jobs are not in the backup). `fix` queues them again.
 * Returns false when something is left wrong.
 */
export async function verifyNewsletterSends(
  storage: Storage,
  print: (line: string) => void,
  options: { fix: boolean; now: number },
): Promise<boolean> {
  const { db } = storage;
  for (const issueId of await allIssueIds(db)) {
    const f = await issueFigures(db, issueId);
    print(
      `issue ${issueId}: ${f.recipients} recipients, ${f.queued} queued, ${f.sent} sent, ${f.failed} failed, ` +
        `${f.bounced} bounced, ${f.skipped} skipped, ${f.unsubscribed} unsubscribed`,
    );
  }
  const queue = deliveryQueueOf(storage);
  if (options.fix) {
    const requeued = await requeueStrandedDeliveries(db, queue, options.now);
    if (requeued > 0) print(`Queued ${requeued} stranded recipient(s) again.`);
  }
  const stranded = (await queue.strandedDeliveries()).length;
  if (stranded > 0)
    print(
      `${stranded} recipient(s) wait with no queue job left to send them. Run with --fix to queue them again.`,
    );
  else print("Every issue's figures come from its delivery rows; no recipient is stranded.");
  return stranded === 0;
}
