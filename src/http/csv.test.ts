import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { type CsvRow, csvLine, sendCsv } from "./csv.js";

describe("CSV", () => {
  it("writes CSV that spreadsheets cannot mistake for formulas", () => {
    const rows: CsvRow[] = [
      ["a", "b,c", 'say "hi"'],
      ["=SUM(A1)", null, 3],
    ];
    assert.equal(rows.map(csvLine).join(""), 'a,"b,c","say ""hi"""\r\n"\'=SUM(A1)",,3\r\n');
  });

  it("streams the header and every row an async source yields, as a download", async () => {
    const app = Fastify();
    async function* numbers() {
      for (let n = 1; n <= 2500; n++) {
        if (n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
        yield [n, `row ${n}`];
      }
    }
    app.get("/export.csv", (_request, reply) => sendCsv(reply, "numbers.csv", ["n", "label"], numbers()));
    const response = await app.inject("/export.csv");
    assert.equal(response.headers["content-type"], "text/csv; charset=utf-8");
    assert.equal(response.headers["content-disposition"], 'attachment; filename="numbers.csv"');
    const lines = response.body.split("\r\n");
    assert.equal(lines.length, 2502, "header, 2,500 rows, and the empty string after the last CRLF");
    assert.equal(lines[0], "n,label");
    assert.equal(lines[2500], "2500,row 2500");
  });
});
