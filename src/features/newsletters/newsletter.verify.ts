import type { Storage } from "../../storage/storage.js";
import { deliveryQueueOf } from "./delivery.queue.js";
import { issueFigures } from "./delivery.repository.js";
import { allIssueIds } from "./issue.repository.js";

/**
 * `masthead newsletters verify`: every issue's figures, counted afresh from its delivery rows, and
 * the one inconsistency rows can show: recipients still waiting whom no open queue job will send.
 * Returns false when something is wrong.
 */
export async function verifyNewsletterSends(
  storage: Storage,
  print: (line: string) => void,
): Promise<boolean> {
  const { db } = storage;
  for (const issueId of await allIssueIds(db)) {
    const f = await issueFigures(db, issueId);
    print(
      `issue ${issueId}: ${f.recipients} recipients, ${f.queued} queued, ${f.sent} sent, ${f.failed} failed, ` +
        `${f.bounced} bounced, ${f.skipped} skipped, ${f.unsubscribed} unsubscribed`,
    );
  }
  const stranded = await deliveryQueueOf(storage).strandedDeliveries();
  if (stranded > 0) print(`${stranded} recipient(s) wait with no queue job left to send them.`);
  else print("Every issue's figures come from its delivery rows; no recipient is stranded.");
  return stranded === 0;
}
