import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";

/**
 * The rows of a `COPY table (columns) FROM STDIN`, given as that statement's one parameter: Kysely
 * hands every query to the pooled client as text and parameters, so this is how a bulk load in a
 * Kysely transaction reaches the client's COPY protocol (see copyingClient).
 */
export class CopyRows {
  constructor(readonly rows: readonly (readonly unknown[])[]) {}
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the rest. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "string") return value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] as string);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  throw new TypeError(`COPY cannot send a value of type ${typeof value}`);
}

/** The COPY text of some rows, a few thousand at a time, so no one string holds a whole large load. */
function* copyText(rows: readonly (readonly unknown[])[]): Generator<string> {
  const ROWS_PER_CHUNK = 2_000;
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let text = "";
    for (const row of rows.slice(start, start + ROWS_PER_CHUNK)) text += `${row.map(copyValue).join("\t")}\n`;
    yield text;
  }
}

/**
 * pg's client, able to run `COPY … FROM STDIN` when its rows come as the one parameter (CopyRows), and
 * answering as a query would. COPY skips what a multi-row INSERT costs the server per value (parsing,
 * binding, one expression each), which is most of a bulk load's time there (docs/decisions/0067).
 */
export async function copyingClient(base: typeof pg.Client): Promise<typeof pg.Client> {
  const { from: copyFrom } = await import("pg-copy-streams");
  return class CopyingClient extends base {
    // biome-ignore lint/suspicious/noExplicitAny: one override for all of pg's query overloads, passed through.
    override query(...args: any[]): any {
      const [text, values] = args;
      if (typeof text === "string" && Array.isArray(values) && values[0] instanceof CopyRows) {
        if (values.length !== 1) throw new TypeError("COPY takes its rows as its only parameter");
        return this.copyIn(text, values[0]);
      }
      return (super.query as (...passed: unknown[]) => unknown)(...args);
    }

    private async copyIn(text: string, data: CopyRows): Promise<pg.QueryResult> {
      const stream = super.query(copyFrom(text));
      await pipeline(Readable.from(copyText(data.rows)), stream);
      return { command: "COPY", rowCount: stream.rowCount, rows: [], oid: 0, fields: [] };
    }
  };
}
