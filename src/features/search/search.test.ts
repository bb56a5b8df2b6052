import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  fts5MatchExpression,
  htmlToText,
  MARK_CLOSE,
  MARK_OPEN,
  MAX_QUERY_WORDS,
  parseSearchQuery,
  snippetHtml,
  textSearchConfig,
  websearchText,
} from "./search.js";

describe("search queries", () => {
  it("keeps words and quoted phrases and drops every operator", () => {
    const terms = parseSearchQuery('Flood "river wall" -council OR NEAR(x y) title:budget* ^a');
    assert.deepEqual(terms.phrases, [["river", "wall"]]);
    assert.deepEqual(terms.words, ["flood", "council", "or", "near", "x", "y", "title", "budget", "a"]);
    assert.equal(
      fts5MatchExpression(terms),
      '"river wall" "flood" "council" "or" "near" "x" "y" "title" "budget" "a"',
    );
    assert.equal(websearchText(terms), '"river wall" flood council or near x y title budget a');
  });

  it("ignores an unpaired quote, control characters and punctuation-only input", () => {
    assert.deepEqual(parseSearchQuery('"unclosed phrase').words, ["unclosed", "phrase"]);
    assert.deepEqual(parseSearchQuery("a\u0000b\u0007c\u001b[31m").words, ["a", "b", "c", "31m"]);
    const nothing = parseSearchQuery('"" *** ( ) : - ^ \u0000');
    assert.deepEqual([nothing.words, nothing.phrases], [[], []]);
  });

  it("cuts a 10,000-character query to its first words", () => {
    const terms = parseSearchQuery("flood ".repeat(2000).concat("x".repeat(10_000)));
    assert.deepEqual(terms.words, ["flood"]);
    assert.equal(terms.truncated, true);
    const many = parseSearchQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "));
    assert.equal(many.words.length, MAX_QUERY_WORDS);
  });

  it("keeps letters of any script", () => {
    assert.deepEqual(parseSearchQuery("Zürich café नमस्ते 東京").words, ["zürich", "café", "नमस्ते", "東京"]);
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
