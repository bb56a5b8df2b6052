import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Child, Fragment, h, renderDocument, trustedHtml } from "./jsx.js";

describe("the JSX runtime", () => {
  it("escapes text and attribute values by default", () => {
    const hostile = `"><script>alert('x')</script>&`;
    const html = (
      <a href={hostile} title={hostile}>
        {hostile}
      </a>
    ).value;
    assert.ok(!html.includes("<script>"));
    assert.equal(
      html,
      '<a href="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;" title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it("embeds trusted markup and nested elements as they are", () => {
    const html = (
      <div>
        {trustedHtml("<em>ok</em>")}
        <span>{1}</span>
      </div>
    ).value;
    assert.equal(html, "<div><em>ok</em><span>1</span></div>");
  });

  it("renders boolean attributes, skips false/null/undefined ones", () => {
    const html = (<input required disabled={false} value={undefined} placeholder={null} />).value;
    assert.equal(html, "<input required>");
    assert.equal((<p>{[false, null, undefined, true, ["a", ["b"]]]}</p>).value, "<p>ab</p>");
  });

  it("calls components with their children, and renders fragments", () => {
    const Box = (props: { label: string; children?: Child }) => (
      <section aria-label={props.label}>{props.children}</section>
    );
    const html = (
      <Box label="x">
        <b>1</b>
        <i>2</i>
      </Box>
    ).value;
    assert.equal(html, '<section aria-label="x"><b>1</b><i>2</i></section>');
  });

  it("prefixes documents with the HTML5 doctype", () => {
    assert.equal(renderDocument(<html lang="en" />), '<!DOCTYPE html><html lang="en"></html>');
  });
});
