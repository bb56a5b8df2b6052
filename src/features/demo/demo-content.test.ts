import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { localMediaStore } from "../../storage/local-media-store.js";
import { demoArticles, demoAuthors, demoCategories, demoInlineFigures, demoSite } from "./demo-content.js";
import { generateDemoImage } from "./demo-images.js";

const published = demoArticles.filter((a) => a.status === "published");

// A hashtag is `#` + word with no space, so Markdown headings (`# Title`) never count.
const HASHTAG = /(?:^|[\s(])#[\p{L}\p{N}_]+/mu;
const FIGURE = /^!\[[^\]\n]+\]\(\/media\/demo\/inline-(\d+)\.jpg "[^"\n]+"\)$/;
const SOCIAL = /^https:\/\/(?:x\.com\/[\w]+\/status\/\d+|mastodon\.social\/@[\w]+\/\d+)$/;

function paragraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function countBodies(predicate: (body: string) => boolean): number {
  return demoArticles.filter((a) => predicate(a.bodyMarkdown)).length;
}

describe("demo content data", () => {
  it("has site copy", () => {
    for (const value of Object.values(demoSite)) assert.ok(value.trim().length > 0);
  });

  it("has enough authors, categories and articles", () => {
    assert.ok(demoAuthors.length >= 5);
    assert.ok(demoCategories.length >= 5);
    assert.ok(demoArticles.length >= 34);
    assert.ok(published.length >= 32);
  });

  it("has unique slugs and titles", () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    assert.ok(unique(demoAuthors.map((a) => a.slug)), "author slugs");
    assert.ok(unique(demoCategories.map((c) => c.slug)), "category slugs");
    assert.ok(unique(demoArticles.map((a) => a.title)), "titles");
    for (const slug of [...demoAuthors, ...demoCategories].map((x) => x.slug)) {
      assert.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });

  it("has exactly one scheduled and one draft article", () => {
    const scheduled = demoArticles.filter((a) => a.status === "scheduled");
    const drafts = demoArticles.filter((a) => a.status === "draft");
    assert.equal(scheduled.length, 1);
    assert.equal(drafts.length, 1);
    assert.equal(scheduled[0]?.publishedHoursAgo, -48);
    for (const a of published) assert.ok(a.publishedHoursAgo > 0, a.title);
  });

  it("uses distinct publish times spread over about 60 days", () => {
    const hours = demoArticles.map((a) => a.publishedHoursAgo);
    assert.equal(new Set(hours).size, hours.length);
    assert.ok(Math.max(...hours) <= 61 * 24);
    assert.ok(Math.max(...hours) >= 40 * 24);
  });

  it("references only existing categories and authors, within the allowed counts", () => {
    const categorySlugs = new Set(demoCategories.map((c) => c.slug));
    const authorSlugs = new Set(demoAuthors.map((a) => a.slug));
    for (const a of demoArticles) {
      assert.ok(a.categorySlugs.length >= 1 && a.categorySlugs.length <= 2, a.title);
      assert.ok(a.authorSlugs.length >= 1 && a.authorSlugs.length <= 2, a.title);
      assert.ok(a.tagNames.length >= 1 && a.tagNames.length <= 4, a.title);
      assert.equal(new Set(a.categorySlugs).size, a.categorySlugs.length, a.title);
      assert.equal(new Set(a.authorSlugs).size, a.authorSlugs.length, a.title);
      for (const slug of a.categorySlugs) assert.ok(categorySlugs.has(slug), `${a.title}: ${slug}`);
      for (const slug of a.authorSlugs) assert.ok(authorSlugs.has(slug), `${a.title}: ${slug}`);
    }
  });

  it("gives every category at least 5 published articles", () => {
    for (const c of demoCategories) {
      const n = published.filter((a) => a.categorySlugs.includes(c.slug)).length;
      assert.ok(n >= 5, `${c.slug} has ${n}`);
    }
  });

  it("has at least 4 authors with 3 or more articles", () => {
    const prolific = demoAuthors.filter(
      (author) => demoArticles.filter((a) => a.authorSlugs.includes(author.slug)).length >= 3,
    );
    assert.ok(prolific.length >= 4);
  });

  it("shares tags between articles so related-article lookups find something", () => {
    const counts = new Map<string, number>();
    for (const a of published) for (const t of a.tagNames) counts.set(t, (counts.get(t) ?? 0) + 1);
    const shared = [...counts.values()].filter((n) => n >= 3).length;
    assert.ok(shared >= 5, `only ${shared} tags used 3+ times`);
    for (const a of published) {
      const hasNeighbour = a.tagNames.some((t) => (counts.get(t) ?? 0) >= 2);
      assert.ok(hasNeighbour, `${a.title} shares no tag`);
    }
  });

  it("attributes about a third of articles, with 1–3 valid attributions each", () => {
    const withAttr = demoArticles.filter((a) => a.attributions.length > 0);
    assert.ok(withAttr.length >= 9 && withAttr.length <= 16, `${withAttr.length} attributed`);
    const kinds = new Set<string>();
    for (const a of withAttr) {
      assert.ok(a.attributions.length <= 3, a.title);
      for (const attr of a.attributions) {
        kinds.add(attr.kind);
        assert.ok(attr.outlet.trim().length > 0);
        if (attr.url !== undefined) assert.match(attr.url, /^https:\/\/example\.(?:com|org)\//);
      }
    }
    assert.deepEqual([...kinds].sort(), ["quoted", "source", "via"]);
  });

  it("has prose bodies of 4–8 paragraphs", () => {
    for (const a of published) {
      const paras = paragraphs(a.bodyMarkdown);
      assert.ok(paras.length >= 4 && paras.length <= 8, `${a.title}: ${paras.length} paragraphs`);
      const words = a.bodyMarkdown.split(/\s+/).filter(Boolean).length;
      assert.ok(words >= 150 && words <= 350, `${a.title}: ${words} words`);
      // Indented lines would render as Markdown code blocks.
      assert.doesNotMatch(a.bodyMarkdown, /^ {4}/m, a.title);
      assert.ok(a.standfirst.trim().length > 0 && !a.standfirst.includes("\n"), a.title);
    }
  });

  it("exercises block quotes, hashtags, inline figures and social links", () => {
    assert.ok(countBodies((b) => /^> \S/m.test(b)) >= 6, "block quotes");
    assert.ok(countBodies((b) => HASHTAG.test(b)) >= 8, "hashtags");
    assert.ok(countBodies((b) => paragraphs(b).some((p) => SOCIAL.test(p))) >= 2, "social links");

    const figureNumbers = demoArticles.flatMap((a) =>
      paragraphs(a.bodyMarkdown).flatMap((p) => {
        const n = FIGURE.exec(p)?.[1];
        return n === undefined ? [] : [Number(n)];
      }),
    );
    assert.deepEqual(figureNumbers.sort(), [1, 2, 3]);
    assert.deepEqual(
      demoInlineFigures.map((f) => f.fileName),
      figureNumbers.map((n) => `inline-${n}.jpg`),
    );
  });

  it("has a title that needs transliteration to slug", () => {
    assert.ok(demoArticles.some((a) => /[^ -~]/.test(a.title)));
  });

  it("describes every image", () => {
    for (const { image, title } of [
      ...demoArticles,
      ...demoInlineFigures.map((f) => ({ ...f, title: f.fileName })),
    ]) {
      assert.ok(image.alt.trim() && image.caption.trim() && image.credit.trim(), title);
      assert.ok(Number.isInteger(image.hue) && image.hue >= 0 && image.hue < 360, title);
    }
  });
});

describe("generateDemoImage", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "masthead-demo-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a small JPEG of the requested size, creating the directory", async () => {
    const spec = demoArticles[0]?.image;
    assert.ok(spec);
    const target = path.join(dir, "nested");
    const result = await generateDemoImage(spec, localMediaStore(target), "a.jpg", {
      width: 640,
      height: 360,
    });
    assert.deepEqual(result, { fileName: "a.jpg", width: 640, height: 360 });
    const meta = await sharp(path.join(target, "a.jpg")).metadata();
    assert.equal(meta.format, "jpeg");
    assert.equal(meta.width, 640);
    assert.equal(meta.height, 360);
  });

  it("renders every pattern at the default size under 80 KB", async () => {
    const patterns = ["waves", "grid", "circles", "stripes", "mountains"] as const;
    for (const pattern of patterns) {
      const spec = demoArticles.find((a) => a.image.pattern === pattern)?.image;
      assert.ok(spec, pattern);
      const result = await generateDemoImage(spec, localMediaStore(dir), `${pattern}.jpg`);
      assert.equal(result.width, 1200);
      assert.equal(result.height, 675);
      const bytes = await readFile(path.join(dir, `${pattern}.jpg`));
      assert.equal(bytes[0], 0xff);
      assert.equal(bytes[1], 0xd8);
      assert.ok(bytes.length < 80 * 1024, `${pattern}: ${bytes.length} bytes`);
    }
  });

  it("is deterministic", async () => {
    const spec = demoArticles[5]?.image;
    assert.ok(spec);
    await generateDemoImage(spec, localMediaStore(dir), "x.jpg");
    await generateDemoImage(spec, localMediaStore(dir), "y.jpg");
    const [x, y] = await Promise.all([readFile(path.join(dir, "x.jpg")), readFile(path.join(dir, "y.jpg"))]);
    assert.ok(x.equals(y));
  });
});
