import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { type WxrEntry, WxrError, type WxrItem } from "../../src/features/import/wxr.js";
import { readWxr } from "../../src/features/import/wxr.reader.js";

/**
 * The WordPress importer's reader (src/features/import/wxr.reader.ts) takes files from outside: whatever
 * they hold, it yields entries or throws a WxrError that names the place, never anything else.
 */
const dir = mkdtempSync(join(tmpdir(), "masthead-wxr-property-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const HEAD = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old Harbour</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
`;
const TAIL = "</channel></rss>\n";

/** Text XML 1.0 can carry (no control characters or lone surrogates); XML turns \r into \n, so none. */
const xmlText = fc
  .string({ unit: "grapheme", maxLength: 60 })
  .filter((text) => /^[\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(text));
const cdata = (text: string) => `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
const escaped = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const item = (post: { id: number; title: string; content: string; slug: string }) => `<item>
<title>${cdata(post.title)}</title><link>https://old.example/?p=${post.id}</link>
<content:encoded>${cdata(post.content)}</content:encoded><wp:post_id>${post.id}</wp:post_id>
<wp:post_name>${escaped(post.slug)}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item>
`;
const posts = fc.array(
  fc.record({ id: fc.integer({ min: 1, max: 1_000_000 }), title: xmlText, content: xmlText, slug: xmlText }),
  { maxLength: 4 },
);

async function read(text: string): Promise<WxrEntry[] | WxrError> {
  const file = join(dir, `${files++}.wxr`);
  await writeFile(file, text);
  const entries: WxrEntry[] = [];
  try {
    for await (const entry of readWxr(file)) entries.push(entry);
    return entries;
  } catch (error) {
    if (error instanceof WxrError) return error;
    throw error;
  }
}

describe("WXR fragments, whatever they hold", () => {
  it("read back the titles, bodies and slugs that were written", async () => {
    await fc.assert(
      fc.asyncProperty(posts, async (written) => {
        const entries = await read(HEAD + written.map(item).join("") + TAIL);
        assert.ok(Array.isArray(entries), String(entries));
        const items = entries.filter((entry): entry is WxrItem => entry.kind === "item");
        assert.deepEqual(
          items.map((entry) => [entry.postId, entry.title, entry.content, entry.postName]),
          written.map((post) => [String(post.id), post.title.trim(), post.content, post.slug.trim()]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("give entries or a WxrError when cut short or spliced with anything", async () => {
    const splice = fc.tuple(
      posts,
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(
          "<item>",
          "</item>",
          "<wp:postmeta>",
          "]]>",
          "<![CDATA[",
          "&bogus;",
          "<!DOCTYPE x [<!ENTITY a 'b'>]>",
          "\u0000",
        ),
      ),
      fc.nat(),
      fc.nat(),
    );
    await fc.assert(
      fc.asyncProperty(splice, async ([written, junk, at, cut]) => {
        const whole = HEAD + written.map(item).join("") + TAIL;
        const position = at % (whole.length + 1);
        const spliced = whole.slice(0, position) + junk + whole.slice(position);
        await read(spliced);
        await read(whole.slice(0, cut % (whole.length + 1)));
      }),
      { numRuns: 300 },
    );
  });
});
