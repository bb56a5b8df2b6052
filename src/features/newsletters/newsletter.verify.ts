import type { Db } from "../../storage/storage.js";
import { issueFigures, strandedDeliveries } from "./delivery.repository.js";
import { allIssueIds } from "./issue.repository.js";

/**
 * `masthead newsletters verify`: every issue's figures, counted afresh from its delivery rows, and
 * the one inconsistency rows can show: recipients still waiting in a batch the queue calls done.
 * Returns false when something is wrong.
 */
export async function verifyNewsletterSends(db: Db, print: (line: string) => void): Promise<boolean> {
  for (const issueId of await allIssueIds(db)) {
    const f = await issueFigures(db, issueId);
    print(
      `issue ${issueId}: ${f.recipients} recipients, ${f.queued} queued, ${f.sent} sent, ${f.failed} failed, ` +
        `${f.bounced} bounced, ${f.skipped} skipped, ${f.unsubscribed} unsubscribed`,
    );
  }
  const stranded = await strandedDeliveries(db);
  if (stranded > 0) print(`${stranded} recipient(s) wait in batches the queue marks done.`);
  else print("Every issue's figures come from its delivery rows; no recipient is stranded.");
  return stranded === 0;
}
