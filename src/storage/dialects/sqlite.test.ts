import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import SQLite from "better-sqlite3";
import { openSqlite, PAGE_CACHE_KIB, reusingStatements } from "./sqlite.js";

function openWithRows(count: number) {
  const raw = new SQLite(":memory:");
  raw.exec("create table numbers (n integer primary key)");
  const insert = raw.prepare("insert into numbers (n) values (?)");
  for (let n = 1; n <= count; n++) insert.run(n);
  return raw;
}

describe("SQLite statements kept between runs", () => {
  it("gives the same statement for the same SQL, so it is parsed once", () => {
    const database = reusingStatements(openWithRows(3));
    const first = database.prepare("select n from numbers where n = ?");
    assert.equal(database.prepare("select n from numbers where n = ?"), first);
    assert.notEqual(database.prepare("select n from numbers where n > ?"), first);
  });

  it("gives a statement of its own to a second use while the kept one is being iterated", () => {
    const database = reusingStatements(openWithRows(3));
    const sql = "select n from numbers order by n";
    const streaming = database.prepare(sql);
    const rows = streaming.iterate([]) as IterableIterator<{ n: number }>;
    assert.deepEqual(rows.next().value, { n: 1 });
    const meanwhile = database.prepare(sql);
    assert.notEqual(meanwhile, streaming);
    assert.deepEqual(meanwhile.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual([...rows], [{ n: 2 }, { n: 3 }]);
  });

  it("drops the least recently used statements once their SQL passes the bound", () => {
    const database = reusingStatements(openWithRows(1));
    // Three of these pass the bound of two million characters of SQL; two stay under it.
    const padded = (tag: string) => `select n from numbers -- ${tag} ${"x".repeat(700_000)}`;
    const first = database.prepare(padded("a"));
    const second = database.prepare(padded("b"));
    assert.equal(database.prepare(padded("a")), first, "used again: now the most recent");
    const third = database.prepare(padded("c"));
    assert.equal(database.prepare(padded("a")), first, "kept: used more recently than b");
    assert.equal(database.prepare(padded("c")), third);
    assert.notEqual(database.prepare(padded("b")), second, "dropped, prepared afresh");
  });
});

describe("SQLite page cache bounds", () => {
  it("bounds each connection's page cache in KiB: the site's by default, or the bound given", (context) => {
    const directory = mkdtempSync(join(tmpdir(), "masthead-page-cache-"));
    context.after(() => rmSync(directory, { recursive: true, force: true }));
    const file = join(directory, "site.db");
    const site = openSqlite(file);
    const writer = openSqlite(file, undefined, PAGE_CACHE_KIB.voteWriter);
    try {
      assert.deepEqual(site.raw.pragma("cache_size"), [{ cache_size: -PAGE_CACHE_KIB.site }]);
      assert.deepEqual(writer.raw.pragma("cache_size"), [{ cache_size: -PAGE_CACHE_KIB.voteWriter }]);
    } finally {
      site.raw.close();
      writer.raw.close();
    }
  });
});
