import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

export type CsvValue = string | number | null;
export type CsvRow = readonly CsvValue[];

/** One CSV field, quoted when needed; a leading =, +, - or @ is defused so spreadsheets do not run it. */
function csvField(value: CsvValue): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with its CRLF ending (RFC 4180). */
export const csvLine = (row: CsvRow) => `${row.map(csvField).join(",")}\r\n`;

/**
 * Sends a CSV download as a stream: the header, then every row the source yields, however many, while
 * only one batch is in memory. Usage: `sendCsv(reply, "donations.csv", HEADER, eachRow())`.
 */
export function sendCsv(
  reply: FastifyReply,
  fileName: string,
  header: CsvRow,
  rows: AsyncIterable<CsvRow> | Iterable<CsvRow>,
) {
  async function* lines() {
    yield csvLine(header);
    for await (const row of rows) yield csvLine(row);
  }
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .send(Readable.from(lines()));
}

/** Each item of an async list as a CSV row: `sendCsv(reply, name, HEADER, csvRows(eachDonation(), toRow))`. */
export async function* csvRows<T>(
  items: AsyncIterable<T>,
  toRow: (item: T) => CsvRow,
): AsyncGenerator<CsvRow> {
  for await (const item of items) yield toRow(item);
}
