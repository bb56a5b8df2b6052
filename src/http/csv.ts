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

export class CsvSyntaxError extends Error {}

/**
 * Reads CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks; CRLF or LF) into
 * rows of fields; blank lines are dropped. A quote left open is a CsvSyntaxError naming its line.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") {
      endRow();
      line++;
    } else if (char !== "\r") field += char;
  }
  if (quoted) throw new CsvSyntaxError(`Line ${quoteLine}: a quoted field is never closed.`);
  endRow();
  return rows;
}
