import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Parser } from "htmlparser2";
import { AppError } from "../../../core/errors.js";
import { htmlToText } from "../../search/search.js";
import { htmlToDoc } from "./doc.from-html.js";
import { renderDoc } from "./doc.render.js";
import { type ArticleDoc, checkDoc, parseDocJson } from "./doc.schema.js";

/** Text as a hostile or careless writer pastes it: markup, entities, quotes, any script. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp; &lt;",
    "#harbour",
    "a\u0000b",
  ),
);
const href = fc.oneof(
  fc.webUrl(),
  fc.constantFrom("/harbour-fire/", "mailto:desk@example.org", "#notes", "/?q=a&b=c"),
);
const mark = fc.oneof(
  fc.constant({ type: "bold" as const }),
  fc.constant({ type: "italic" as const }),
  href.map((url) => ({ type: "link" as const, attrs: { href: url } })),
);
const inline = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant("text" as const),
      text,
      marks: fc.uniqueArray(mark, { maxLength: 2, selector: (m) => m.type }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: "hardBreak" as const }) },
);
const inlines = fc.array(inline, { minLength: 1, maxLength: 5 });

/** Every kind of block the editor makes, nested as it allows. */
const { block } = fc.letrec<{ block: unknown }>((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ type: fc.constant("paragraph"), content: inlines }),
    fc.record({
      type: fc.constant("heading"),
      attrs: fc.record({ level: fc.constantFrom(2, 3, 4) }),
      content: inlines,
    }),
    fc.record({ type: fc.constant("pullQuote"), content: inlines }),
    fc.constant({ type: "horizontalRule" }),
    fc.record({
      type: fc.constant("blockquote"),
      content: fc.array(tie("block"), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      type: fc.constantFrom("bulletList", "orderedList"),
      content: fc.array(
        fc.record({
          type: fc.constant("listItem"),
          content: fc.array(tie("block"), { minLength: 1, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    fc.record({
      type: fc.constant("figure"),
      attrs: fc.record({
        src: fc.constantFrom("/media/demo/quay.jpg", "https://cdn.example.org/a.png"),
        alt: text,
        width: fc.option(fc.integer({ min: 1, max: 4000 })),
        height: fc.option(fc.integer({ min: 1, max: 4000 })),
        caption: text,
        credit: text,
      }),
    }),
    fc.record({
      type: fc.constant("attribution"),
      attrs: fc.record({
        kind: fc.constantFrom("via", "quoted", "source"),
        outlet: text,
        url: fc.option(fc.webUrl()),
      }),
    }),
  ),
}));
const doc = fc.record({
  type: fc.constant("doc"),
  content: fc.array(block, { maxLength: 6 }),
}) as fc.Arbitrary<ArticleDoc>;

/** Anything that can arrive in the body field: JSON of any shape, documents with one thing wrong, non-JSON. */
const bodyField = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .tuple(doc, fc.jsonValue(), fc.constantFrom("type", "content", "attrs", "marks", "text", "href"))
    .map(([valid, junk, key]) => JSON.stringify(valid, (name, value) => (name === key ? junk : value))),
  fc.string({ unit: "binary", maxLength: 200 }),
);

describe("editor documents, whatever is sent", () => {
  it("are a checked document or a 400 that says why, never another error", () => {
    fc.assert(
      fc.property(bodyField, (body) => {
        try {
          const parsed = parseDocJson(body);
          assert.deepEqual(checkDoc(parsed), parsed);
          renderDoc(parsed);
        } catch (error) {
          assert.ok(error instanceof AppError && error.status === 400, String(error));
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("that are valid pass the check, survive JSON, and render with every text escaped", () => {
    fc.assert(
      fc.property(doc, (valid) => {
        assert.deepEqual(parseDocJson(JSON.stringify(valid)), JSON.parse(JSON.stringify(valid)));
        const { html } = renderDoc(valid);
        const parser = new Parser({
          onopentag(name, attributes) {
            assert.notEqual(name, "script", html);
            for (const [attribute, value] of Object.entries(attributes)) {
              assert.ok(!attribute.startsWith("on"), html);
              assert.ok(!/^\s*javascript:/i.test(value), html);
            }
          },
        });
        parser.end(html);
      }),
      { numRuns: 1_000 },
    );
  });

  it("read back from their own HTML keep every word (a paste of our own pages)", () => {
    // Pasted headings move one level down (h4 at most: doc.from-html.ts), so the markup may change; the
    // text, in order, may not.
    const text = (html: string) => htmlToText(html).replace(/\s+/g, "");
    fc.assert(
      fc.property(doc, (valid) => {
        const html = renderDoc(valid).html;
        assert.equal(text(renderDoc(htmlToDoc(html)).html), text(html));
      }),
      { numRuns: 500 },
    );
  });
});
