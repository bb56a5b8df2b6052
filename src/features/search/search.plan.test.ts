import assert from "node:assert/strict";
import { describe, it } from "node:test";
import SQLite from "better-sqlite3";
import { openTestStorage } from "../../../test/helpers/databases.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";
import { withIndexesAndKeysDeferred } from "../../storage/deferred-indexes.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { parseSearchQuery } from "./search.js";
import { findMatches } from "./search.repository.js";

const NOW = 1_800_000_000_000;

const matchQuery = (raw: string) => ({
  terms: parseSearchQuery(raw),
  filter: {},
  now: NOW,
  limit: 10,
  offset: 0,
  config: "english",
});

// The covering index is SQLite's alone: PostgreSQL's search filters the GIN index's matches.
describe("site search's reads on sqlite", () => {
  it("decides visibility from the narrow index, never from rows of article text", async (t) => {
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const test = await openTestStorage("sqlite", {
      onQuery: (sql, parameters) => seen.push({ sql, parameters }),
    });
    t.after(() => test.dispose());
    const { db } = test.storage;
    await makeArticle(db, NOW, { title: "Floods on the river", publishedAt: NOW - HOUR });
    await makeArticle(db, NOW, {
      title: "Dry weather",
      body: markdownToDoc("No floods."),
      publishedAt: NOW - HOUR,
    });
    seen.length = 0;
    const hits = await findMatches(db, matchQuery("floods"));
    assert.equal(hits.length, 2);
    const ranking = seen.find((query) => /bm25\(/.test(query.sql));
    assert.ok(ranking, "the ranking query ran");
    const raw = new SQLite(test.storage.file ?? "", { readonly: true });
    t.after(() => raw.close());
    const plan = (
      raw.prepare(`explain query plan ${ranking.sql}`).all(...(ranking.parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((step) => step.detail);
    assert.ok(
      plan.some((detail) => /^SEARCH d USING COVERING INDEX search_documents_visibility\b/.test(detail)),
      plan.join("\n"),
    );
  });

  it("still answers while a bulk load has set the plain indexes aside", async (t) => {
    const test = await openTestStorage("sqlite");
    t.after(() => test.dispose());
    const { db } = test.storage;
    await makeArticle(db, NOW, { title: "Floods on the river", publishedAt: NOW - HOUR });
    const during = await withIndexesAndKeysDeferred(db, ["search_documents"], () =>
      findMatches(db, matchQuery("river")),
    );
    assert.equal(during.length, 1);
  });
});
