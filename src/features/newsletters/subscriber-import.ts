import { badRequest, notFound } from "../../core/errors.js";
import { type CsvRow, CsvSyntaxError, parseCsv } from "../../http/csv.js";
import type { Db } from "../../storage/storage.js";
import { EMAIL_PATTERN, normaliseEmail } from "../accounts/user.js";
import { findNewsletter } from "./newsletter.repository.js";
import { activateSubscriptions, subscriberBatch, subscriptionStates } from "./subscription.repository.js";

/** The import form's fields, named so the errors land beside them. */
export const CSV_FIELD = "subscribersCsv";
export const CONSENT_FIELD = "consent";
/** One import at most: large lists go in several files. */
export const MOST_IMPORTED_ROWS = 50_000;
const INVALID_SHOWN = 20;
const EMAIL = new RegExp(EMAIL_PATTERN);

export interface ImportReport {
  /** Data rows read (the header aside). */
  rows: number;
  /** Subscribed by this import (or, in a dry run, who would be). */
  added: number;
  alreadySubscribed: number;
  /** Bounced, complained, or left (this newsletter or all of them): never subscribed by an import. */
  suppressed: number;
  duplicates: number;
  invalid: number;
  /** The first invalid rows, by number, for staff to fix. */
  invalidExamples: Array<{ row: number; value: string }>;
  dryRun: boolean;
}

/** The addresses of a CSV with an "email" column; a file staff can fix gets an error beside the field. */
function readAddresses(csv: string): Array<{ row: number; value: string }> {
  let rows: string[][];
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw badRequest(error.message).about(CSV_FIELD);
    throw error;
  }
  const [header, ...data] = rows;
  const column = header?.findIndex((name) => /^e-?mail( address)?$/i.test(name.trim())) ?? -1;
  if (column < 0)
    throw badRequest('The first line must name the columns, one of them "email".').about(CSV_FIELD);
  if (data.length === 0) throw badRequest("The file has no address under its first line.").about(CSV_FIELD);
  if (data.length > MOST_IMPORTED_ROWS)
    throw badRequest(
      `The file has ${data.length} rows; import at most ${MOST_IMPORTED_ROWS} at a time.`,
    ).about(CSV_FIELD);
  return data.map((fields, index) => ({ row: index + 1, value: (fields[column] ?? "").trim() }));
}

/**
 * Staff import subscribers to one newsletter from CSV: only after confirming that these people agreed
 * to receive it, and never an address that bounced, complained or unsubscribed. A dry run reports
 * what would happen and changes nothing.
 */
export async function importSubscribers(
  db: Db,
  request: { newsletterId: number; csv: string; consent: boolean; dryRun: boolean; now: number },
): Promise<ImportReport> {
  if (!(await findNewsletter(db, request.newsletterId))) throw notFound("Newsletter");
  const addresses = readAddresses(request.csv);
  if (!request.dryRun && !request.consent)
    throw badRequest("Confirm that everyone in the file agreed to receive this newsletter.").about(
      CONSENT_FIELD,
    );
  const report: ImportReport = {
    rows: addresses.length,
    added: 0,
    alreadySubscribed: 0,
    suppressed: 0,
    duplicates: 0,
    invalid: 0,
    invalidExamples: [],
    dryRun: request.dryRun,
  };
  const seen = new Set<string>();
  for (const { row, value } of addresses) {
    const email = normaliseEmail(value);
    if (!EMAIL.test(email) || email.length > 320) {
      report.invalid += 1;
      if (report.invalidExamples.length < INVALID_SHOWN) report.invalidExamples.push({ row, value });
    } else if (seen.has(email)) report.duplicates += 1;
    else seen.add(email);
  }
  await db.transaction().execute(async (trx) => {
    const emails = [...seen];
    for (let start = 0; start < emails.length; start += 500) {
      const chunk = emails.slice(start, start + 500);
      const states = await subscriptionStates(trx, request.newsletterId, chunk);
      const fresh = chunk.filter((email) => !states.has(email));
      for (const state of states.values()) {
        if (state === "active") report.alreadySubscribed += 1;
        else report.suppressed += 1;
      }
      report.added += fresh.length;
      if (!request.dryRun)
        await activateSubscriptions(
          trx,
          fresh.map((email) => ({ newsletterId: request.newsletterId, email })),
          "import",
          request.now,
        );
    }
  });
  return report;
}

export const SUBSCRIBER_CSV_HEADER: CsvRow = ["email", "status", "source", "subscribed_at", "changed_at"];

/** Every subscription of a newsletter (active and ended) as CSV rows, read in batches. */
export async function* subscriberRows(db: Db, newsletterId: number): AsyncGenerator<CsvRow> {
  for await (const row of subscriberBatch(db, newsletterId))
    yield [
      row.email,
      row.status,
      row.source,
      new Date(row.created_at).toISOString(),
      new Date(row.updated_at).toISOString(),
    ];
}
