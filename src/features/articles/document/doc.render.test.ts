import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderDoc } from "./doc.render.js";
import { type ArticleDoc, checkDoc } from "./doc.schema.js";

const doc = (...content: unknown[]) => ({ type: "doc", content }) as ArticleDoc;
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (value: string, marks?: unknown[]) => ({
  type: "text",
  text: value,
  ...(marks ? { marks } : {}),
});
const html = (...content: unknown[]) => renderDoc(checkDoc(doc(...content))).html;

describe("renderDoc", () => {
  it("renders paragraphs, headings, marks, lists, quotes and rules", () => {
    const out = html(
      { type: "heading", attrs: { level: 3 }, content: [text("Costs")] },
      paragraph(
        text("Bold", [{ type: "bold" }]),
        text(" and "),
        text("both", [{ type: "bold" }, { type: "italic" }]),
      ),
      { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("One"))] }] },
      {
        type: "orderedList",
        attrs: { start: 3 },
        content: [{ type: "listItem", content: [paragraph(text("Three"))] }],
      },
      { type: "blockquote", content: [paragraph(text("Quoted"))] },
      { type: "horizontalRule" },
    );
    assert.equal(
      out,
      "<h3>Costs</h3>\n<p><strong>Bold</strong> and <strong><em>both</em></strong></p>\n" +
        '<ul>\n<li>One</li>\n</ul>\n<ol start="3">\n<li>Three</li>\n</ol>\n' +
        "<blockquote>\n<p>Quoted</p>\n</blockquote>\n<hr />\n",
    );
  });

  it("renders the newsroom blocks: pull quote, figure, gallery, embed card, source attribution", () => {
    const image = { src: "/media/2026/12/abc-640.jpg", alt: "A ferry", width: 640, height: 360 };
    const rendered = renderDoc(
      checkDoc(
        doc(
          { type: "pullQuote", content: [text("Biggest change in a century")] },
          { type: "figure", attrs: { ...image, caption: "The ferry", credit: "Photo: Ledger" } },
          {
            type: "gallery",
            attrs: {
              images: [
                { ...image, caption: "" },
                { ...image, caption: "Two" },
              ],
            },
          },
          { type: "embed", attrs: { url: "https://x.com/a/status/1", site: "X (Twitter)", title: "A post" } },
          {
            type: "attribution",
            attrs: { kind: "via", outlet: "Calder Post", url: "https://calder.example/" },
          },
        ),
      ),
    );
    assert.match(rendered.html, /<aside class="pull-quote"><p>Biggest change in a century<\/p><\/aside>/);
    assert.match(
      rendered.html,
      /<figure class="article-figure"><picture><source type="image\/webp" srcset="\/media\/2026\/12\/abc-320.webp 320w, \/media\/2026\/12\/abc-640.webp 640w" sizes="[^"]+" \/><img src="\/media\/2026\/12\/abc-640.jpg" srcset="\/media\/2026\/12\/abc-320.jpg 320w, \/media\/2026\/12\/abc-640.jpg 640w" sizes="[^"]+" alt="A ferry" loading="lazy" width="640" height="360" \/><\/picture><figcaption>The ferry <span class="figure-credit">Photo: Ledger<\/span><\/figcaption><\/figure>/,
    );
    assert.equal(rendered.html.match(/class="gallery-item"/g)?.length, 2);
    assert.match(
      rendered.html,
      /<aside class="link-card"><a href="https:\/\/x.com\/a\/status\/1" rel="nofollow noopener"/,
    );
    assert.doesNotMatch(rendered.html, /<iframe|<script/);
    assert.match(
      rendered.html,
      /<p class="source-attribution">Via <a href="https:\/\/calder.example\/" rel="nofollow noopener">Calder Post<\/a><\/p>/,
    );
    assert.deepEqual(rendered.attributions, [
      { kind: "via", outlet: "Calder Post", url: "https://calder.example/" },
    ]);
  });

  it("links #hashtags to their tag pages, but not inside a link", () => {
    const rendered = renderDoc(
      checkDoc(
        doc(
          paragraph(
            text("Near #Deir_ez_Zor and "),
            text("#Kyiv", [{ type: "link", attrs: { href: "/x/" } }]),
          ),
        ),
      ),
    );
    assert.equal(
      rendered.html,
      '<p>Near <a class="hashtag" href="/tag/deir-ez-zor/" rel="tag">#Deir_ez_Zor</a> and <a href="/x/">#Kyiv</a></p>\n',
    );
    assert.deepEqual(rendered.hashtags, ["Deir ez Zor"]);
  });

  it("escapes markup in text and attributes", () => {
    const out = html(paragraph(text('<script>alert("x")</script> & <b onclick=1>')), {
      type: "figure",
      attrs: {
        src: "/a.jpg",
        alt: '"><script>x</script>',
        width: null,
        height: null,
        caption: "<i>c</i>",
        credit: "",
      },
    });
    assert.doesNotMatch(out, /<script|<b |<i>/);
    assert.match(out, /&lt;script&gt;alert\("x"\)&lt;\/script&gt; &amp; &lt;b onclick=1&gt;/);
    assert.match(out, /alt="&quot;&gt;&lt;script&gt;x&lt;\/script&gt;"/);
  });
});

describe("the document boundary (checkDoc)", () => {
  const refused = (value: unknown, message: RegExp) =>
    assert.throws(
      () => checkDoc(value),
      (error: Error & { status?: number }) => {
        assert.equal(error.status, 400);
        assert.match(error.message, message);
        return true;
      },
    );

  it("refuses unknown node types, naming them and where they are", () => {
    refused(
      doc(paragraph(text("ok")), { type: "script", content: [text("alert(1)")] }),
      /unknown type "script" at \/content\/1/,
    );
    refused(
      doc({ type: "blockquote", content: [{ type: "iframe", attrs: { src: "https://evil.example" } }] }),
      /"iframe" at \/content\/0\/content\/0/,
    );
  });

  it("refuses script, data and protocol-relative URLs in links, images, embeds and sources", () => {
    for (const href of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      " javascript:x",
      "data:text/html,x",
      "//evil.example/",
      "vbscript:x",
    ]) {
      refused(doc(paragraph(text("x", [{ type: "link", attrs: { href } }]))), /not a valid document/);
    }
    const figure = (src: string) => ({
      type: "figure",
      attrs: { src, alt: "", width: null, height: null, caption: "", credit: "" },
    });
    refused(doc(figure("javascript:alert(1)")), /not a valid document/);
    refused(doc(figure("data:image/svg+xml,<svg onload=alert(1)>")), /not a valid document/);
    refused(
      doc({ type: "embed", attrs: { url: "javascript:alert(1)", site: "x", title: "" } }),
      /not a valid document/,
    );
    refused(
      doc({ type: "attribution", attrs: { kind: "via", outlet: "x", url: "javascript:x" } }),
      /not a valid document/,
    );
  });

  it("shows an embed card's image only from our media library, never from the other site", () => {
    const card = (image: unknown) => ({
      type: "embed",
      attrs: { url: "https://harbour.example/story", site: "harbour.example", title: "Story", image },
    });
    assert.match(
      html(card("/media/2026/11/abc-480.webp")),
      /<a href="https:\/\/harbour.example\/story" rel="nofollow noopener" class="link-card-link"><img class="link-card-image" src="\/media\/2026\/11\/abc-480.webp" alt="" loading="lazy" \/><span class="link-card-site">/,
    );
    assert.doesNotMatch(html(card(null)), /<img/);
    for (const image of [
      "https://harbour.example/tracker.png",
      "//evil.example/x.png",
      "javascript:x",
      "/admin/x",
    ])
      refused(doc(card(image)), /not a valid document/);
  });

  it("refuses unknown marks, bad heading levels and non-documents", () => {
    refused(doc(paragraph(text("x", [{ type: "onclick" }]))), /not a valid document/);
    refused(doc({ type: "heading", attrs: { level: 1 }, content: [text("h1")] }), /not a valid document/);
    refused({ type: "html", content: "<p>x</p>" }, /./);
    refused("<p>x</p>", /not a valid document/);
  });

  it("ignores extra attributes such as event handlers: the renderer writes only its own", () => {
    const out = html(
      paragraph(
        text("x", [
          { type: "link", attrs: { href: "https://a.example/", onclick: "alert(1)", target: "_blank" } },
        ]),
      ),
    );
    assert.equal(out, '<p><a href="https://a.example/" rel="noopener">x</a></p>\n');
  });
});
