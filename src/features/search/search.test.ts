import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeTerms,
  fts5MatchExpression,
  hasNothingToFind,
  htmlToText,
  isEmptyQuery,
  MARK_CLOSE,
  MARK_OPEN,
  MAX_QUERY_WORDS,
  parseSearchQuery,
  snippetHtml,
  textSearchConfig,
} from "./search.js";

describe("search queries", () => {
  const included = (raw: string) => parseSearchQuery(raw).groups.flat(2);

  it("reads -word, OR and quoted phrases, and drops every other operator", () => {
    const terms = parseSearchQuery('Flood "river wall" -council port OR NEAR(x y) title:budget* -"old town"');
    assert.deepEqual(terms.groups, [
      [["flood"]],
      [["river", "wall"]],
      [["port"], ["near", "x"]],
      [["y"]],
      [["title", "budget"]],
    ]);
    assert.deepEqual(terms.excluded, [["council"], ["old", "town"]]);
    assert.equal(
      fts5MatchExpression(terms),
      '(("flood") AND ("river wall") AND ("port" OR "near x") AND ("y") AND ("title budget")) NOT "council" NOT "old town"',
    );
    assert.equal(
      describeTerms(terms),
      'flood "river wall" port OR "near x" y "title budget" -council -"old town"',
    );
  });

  it("ignores an OR with nothing to join and a lower-case or", () => {
    assert.deepEqual(parseSearchQuery("OR flood OR").groups, [[["flood"]]]);
    assert.deepEqual(parseSearchQuery("flood OR -wall").groups, [[["flood"]]]);
    assert.deepEqual(parseSearchQuery("-wall OR flood").groups, [[["flood"]]]);
    assert.deepEqual(parseSearchQuery("flood or wall").groups, [[["flood"]], [["or"]], [["wall"]]]);
    assert.deepEqual(parseSearchQuery("a OR b OR c").groups, [[["a"], ["b"], ["c"]]]);
  });

  it("ignores an unpaired quote, control characters and punctuation-only input", () => {
    assert.deepEqual(included('"unclosed phrase'), ["unclosed", "phrase"]);
    assert.deepEqual(included("a\u0000b\u0007c\u001b[31m"), ["a", "b", "c", "31m"]);
    assert.ok(isEmptyQuery(parseSearchQuery('"" *** ( ) : - ^ \u0000 OR -')));
    const onlyExcluded = parseSearchQuery("-flood");
    assert.ok(!isEmptyQuery(onlyExcluded) && hasNothingToFind(onlyExcluded));
  });

  it("cuts a 10,000-character query to its first words", () => {
    const terms = parseSearchQuery("flood ".repeat(2000).concat("x".repeat(10_000)));
    assert.deepEqual(terms.groups, [[["flood"]]]);
    assert.equal(terms.truncated, true);
    const many = parseSearchQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "));
    assert.equal(many.groups.length, MAX_QUERY_WORDS);
  });

  it("keeps letters of any script", () => {
    assert.deepEqual(included("Zürich café नमस्ते 東京"), ["zürich", "café", "नमस्ते", "東京"]);
  });

  it("maps the site language to a PostgreSQL configuration", () => {
    assert.equal(textSearchConfig("en"), "english");
    assert.equal(textSearchConfig("de-CH"), "german");
    assert.equal(textSearchConfig("ja"), "simple");
  });

  it("escapes snippets except for its own highlight markers", () => {
    const snippet = `<script>alert(1)</script> the ${MARK_OPEN}flood${MARK_CLOSE} & "more"`;
    assert.equal(
      snippetHtml(snippet),
      "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>flood</mark> &amp; &quot;more&quot;",
    );
    assert.equal(htmlToText("<p>A &amp; <strong>B</strong></p>\n<p>C\u0002</p>"), "A & B C");
  });
});
