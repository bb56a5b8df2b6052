import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import fc from "fast-check";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import {
  describeTerms,
  fts5MatchExpression,
  hasNothingToFind,
  MAX_QUERY_WORDS,
  parseSearchQuery,
} from "./search.js";
import { searchArticles } from "./search.service.js";

const NOW = Date.UTC(2026, 10, 25, 12);

/** What readers type, and what a hostile client sends: operators, quotes, any code unit, any script. */
const query = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            "OR",
            "-",
            '"',
            "AND",
            "NOT",
            "NEAR(",
            ")",
            "*",
            "^",
            ":",
            "title:",
            "'",
            "\\",
            "\u0000",
          ),
          fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }),
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }),
        ),
        fc.constantFrom(" ", "", "\t"),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.flat().join("")),
);

const WORD = /^[\p{L}\p{M}\p{N}]+$/u;

describe("search queries, whatever is typed", () => {
  it("become at most twelve words of letters and digits, and read back from their description", () => {
    fc.assert(
      fc.property(query, (raw) => {
        const terms = parseSearchQuery(raw);
        const words = [...terms.groups.flat(2), ...terms.excluded.flat()];
        assert.ok(words.length <= MAX_QUERY_WORDS);
        for (const word of words) assert.match(word, WORD);
        assert.deepEqual(parseSearchQuery(describeTerms(terms)), { ...terms, truncated: false });
      }),
      { numRuns: 3_000 },
    );
  });

  it("are always a valid FTS5 MATCH expression", () => {
    const db = new Database(":memory:");
    db.exec(
      "create virtual table search_index using fts5(title, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    db.prepare("insert into search_index values (?, ?, ?)").run("Harbour fire", "Quay", "Ferries stop.");
    const match = db.prepare("select count(*) as n from search_index where search_index match ?");
    fc.assert(
      fc.property(query, (raw) => {
        const terms = parseSearchQuery(raw);
        if (hasNothingToFind(terms)) return;
        match.get(fts5MatchExpression(terms));
      }),
      { numRuns: 2_000 },
    );
    db.close();
  });

  for (const dialect of testDialects()) {
    it(`run on ${dialect} without an error, finding only what they ask for`, async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      await makeArticle(test.storage.db, NOW, { title: "Harbour fire closes the quay" });
      await fc.assert(
        fc.asyncProperty(query, async (raw) => {
          const results = await searchArticles(test.storage.db, {
            query: raw,
            filter: {},
            page: 1,
            perPage: 10,
            now: NOW,
            language: "en",
          });
          assert.ok(results.items.length <= 1);
        }),
        { numRuns: dialect === "sqlite" ? 500 : 200 },
      );
    });
  }
});
