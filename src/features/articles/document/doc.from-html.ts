import type { ChildNode, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import type { ArticleDoc, Block, DocMark, InlineNode } from "./doc.schema.js";
import { SAFE_HREF } from "./doc.schema.js";

/**
 * The one way HTML becomes an article document: pasted Google Docs, Word and web pages (through the
 * editor's paste endpoint) and imported posts. It is a whitelist walk, so it sanitizes as it goes: only
 * the elements below become nodes, only `href`, `src`, `alt`, `width`, `height` and the few inline styles
 * that carry bold, italic and Word's list markers are read, and everything else (classes, fonts, spans,
 * scripts, comments, tracking parameters) is dropped. The result is checked against the schema like any
 * document before it is stored.
 */
export function htmlToDoc(html: string): ArticleDoc {
  const walker = new Walker();
  walker.children(parseDocument(html).children, []);
  walker.finish();
  return { type: "doc", content: walker.blocks };
}

const DROPPED = new Set([
  ...["script", "style", "head", "title", "meta", "link", "template", "iframe", "object", "embed"],
  ...["noscript", "svg", "math", "canvas", "video", "audio", "button", "select", "textarea", "input"],
]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const CONTAINERS = new Set([
  ...["p", "div", "section", "article", "main", "header", "footer", "body", "html", "td", "th", "tr"],
  ...["table", "tbody", "thead", "tfoot", "pre", "dl", "dt", "dd", "center", "address", "figcaption"],
]);
const safeHref = new RegExp(SAFE_HREF);
const safeImageSrc = /^(?:https?:\/\/|\/(?!\/))\S+$/;
const TRACKING_PARAMETER = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|igshid)$/i;

const styleOf = (element: Element, property: string): string | undefined => {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`, "i").exec(element.attribs.style ?? "");
  return match?.[1]?.trim().toLowerCase();
};

/** Marks an inline element adds; Google Docs marks bold with spans and wraps its paste in a non-bold <b>. */
function marksOf(element: Element): DocMark[] {
  const marks: DocMark[] = [];
  const weight = styleOf(element, "font-weight");
  const style = styleOf(element, "font-style");
  const boldTag = element.name === "b" || element.name === "strong";
  const heavy = weight !== undefined && (/^bold/.test(weight) || Number(weight) >= 600);
  if ((boldTag && (weight === undefined || heavy)) || (!boldTag && heavy)) marks.push({ type: "bold" });
  const italicTag = element.name === "i" || element.name === "em";
  if ((italicTag && style !== "normal") || (!italicTag && style === "italic")) marks.push({ type: "italic" });
  if (element.name === "a") {
    const href = cleanHref(element.attribs.href ?? "");
    if (href) marks.push({ type: "link", attrs: { href } });
  }
  return marks;
}

function cleanHref(raw: string): string | null {
  const href = raw.trim();
  if (!safeHref.test(href)) return null;
  if (!/^https?:/i.test(href) || !URL.canParse(href)) return href;
  const url = new URL(href);
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETER.test(name)) url.searchParams.delete(name);
  }
  return url.toString();
}

const addMarks = (marks: DocMark[], more: DocMark[]) => [
  ...marks,
  ...more.filter((mark) => !marks.some((existing) => existing.type === mark.type)),
];

const textOf = (node: ChildNode): string =>
  node.type === "text" ? node.data : "children" in node ? node.children.map(textOf).join("") : "";

const size = (value: string | undefined) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 && number <= 100_000 ? number : null;
};

class Walker {
  readonly blocks: Block[] = [];
  private inline: InlineNode[] = [];
  private wordList: { type: "bulletList" | "orderedList"; items: Block[][] } | null = null;

  children(nodes: ChildNode[], marks: DocMark[]): void {
    for (const node of nodes) this.node(node, marks);
  }

  private node(node: ChildNode, marks: DocMark[]): void {
    if (node.type === "text") this.text(node.data, marks);
    else if (node.type === "tag") this.element(node, node.name.toLowerCase(), marks);
  }

  private element(element: Element, name: string, marks: DocMark[]): void {
    // Word's <o:p> and other namespaced junk; Word's typed bullet or number ("mso-list: Ignore").
    if (DROPPED.has(name) || name.includes(":") || styleOf(element, "mso-list") === "ignore") return;
    const quote = (content: Block[]): Block => ({ type: "blockquote", content });
    if (name === "br") this.inline.push({ type: "hardBreak" });
    else if (name === "p" && styleOf(element, "mso-list")) this.wordListItem(element, marks);
    else if (name === "p" && /\bMso(?:Intense)?Quote\b/.test(element.attribs.class ?? ""))
      this.nested(element, quote);
    else if (HEADINGS.has(name)) this.heading(element, Number(name.slice(1)));
    else if (name === "blockquote") this.nested(element, quote);
    else if (name === "ul" || name === "ol") this.list(element, name === "ul" ? "bulletList" : "orderedList");
    else if (name === "li")
      this.nested(element, (content) => ({ type: "bulletList", content: [{ type: "listItem", content }] }));
    else if (name === "hr") this.block({ type: "horizontalRule" });
    else if (name === "img") this.image(element, "");
    else if (name === "figure") this.figure(element);
    else if (CONTAINERS.has(name)) {
      this.finish();
      this.children(element.children, marks);
      this.flush();
    } else this.children(element.children, addMarks(marks, marksOf(element)));
  }

  private text(data: string, marks: DocMark[]): void {
    const text = data.replace(/[\s\u00a0]+/g, " ");
    if (!text) return;
    const previous = this.inline.at(-1);
    if (previous?.type === "text" && JSON.stringify(previous.marks ?? []) === JSON.stringify(marks)) {
      previous.text += text;
    } else {
      this.inline.push({ type: "text", text, ...(marks.length > 0 ? { marks } : {}) });
    }
  }

  finish(): void {
    this.flush();
    this.endWordList();
  }

  /** Ends the paragraph being collected; one with no visible text is dropped. */
  flush(): void {
    const content = trimInline(this.inline);
    this.inline = [];
    if (content.length > 0) this.blocks.push({ type: "paragraph", content });
  }

  private block(block: Block): void {
    this.flush();
    this.endWordList();
    this.blocks.push(block);
  }

  private heading(element: Element, level: number): void {
    this.finish();
    this.children(element.children, []);
    const content = trimInline(this.inline);
    this.inline = [];
    if (content.length === 0) return;
    this.blocks.push({ type: "heading", attrs: { level: Math.min(level + 1, 4) as 2 | 3 | 4 }, content });
  }

  /** The blocks inside an element, converted on their own and wrapped. */
  private inner(element: Element): Block[] {
    const inner = new Walker();
    inner.children(element.children, []);
    inner.finish();
    return inner.blocks;
  }

  private nested(element: Element, wrap: (content: Block[]) => Block): void {
    const content = this.inner(element);
    if (content.length > 0) this.block(wrap(content));
  }

  private list(element: Element, type: "bulletList" | "orderedList"): void {
    const items = element.children
      .filter((child): child is Element => child.type === "tag")
      .map((child) => this.inner(child))
      .filter((content) => content.length > 0)
      .map((content) => ({ type: "listItem" as const, content }));
    if (items.length > 0) this.block({ type, content: items });
  }

  // Word pastes lists as paragraphs with an `mso-list` style and a typed marker ("1." or "·") to ignore.
  private wordListItem(element: Element, marks: DocMark[]): void {
    this.flush();
    const marker = element.children.map(markerText).join("").trim();
    const type = /^[0-9a-z]{1,3}[.)]$/i.test(marker) ? "orderedList" : "bulletList";
    if (this.wordList?.type !== type) this.endWordList();
    const list = this.wordList ?? { type, items: [] };
    this.children(element.children, marks);
    const content = trimInline(this.inline);
    this.inline = [];
    if (content.length > 0) list.items.push([{ type: "paragraph", content }]);
    this.wordList = list;
  }

  private endWordList(): void {
    const list = this.wordList;
    this.wordList = null;
    if (!list || list.items.length === 0) return;
    this.blocks.push({
      type: list.type,
      content: list.items.map((content) => ({ type: "listItem" as const, content })),
    });
  }

  private image(element: Element, caption: string): void {
    const src = (element.attribs.src ?? "").trim();
    if (!safeImageSrc.test(src)) return;
    this.block({
      type: "figure",
      attrs: {
        src,
        alt: (element.attribs.alt ?? "").trim().slice(0, 500),
        caption: caption.slice(0, 1000),
        credit: "",
        width: size(element.attribs.width),
        height: size(element.attribs.height),
      },
    });
  }

  private figure(element: Element): void {
    const caption = element.children.find((child) => child.type === "tag" && child.name === "figcaption");
    const image = findImage(element.children);
    if (image) this.image(image, caption ? textOf(caption).replace(/\s+/g, " ").trim() : "");
  }
}

function markerText(node: ChildNode): string {
  if (node.type !== "tag") return "";
  if (styleOf(node, "mso-list") === "ignore") return textOf(node).replace(/[\s\u00a0]+/g, " ");
  return node.children.map(markerText).join("");
}

function findImage(nodes: ChildNode[]): Element | undefined {
  for (const node of nodes) {
    if (node.type !== "tag") continue;
    if (node.name === "img") return node;
    const inner = findImage(node.children);
    if (inner) return inner;
  }
  return undefined;
}

/** Drops leading and trailing spaces and line breaks; nothing left but spaces means no paragraph. */
function trimInline(nodes: InlineNode[]): InlineNode[] {
  const result = [...nodes];
  while (result[0]?.type === "hardBreak") result.shift();
  while (result.at(-1)?.type === "hardBreak") result.pop();
  const first = result[0];
  if (first?.type === "text") first.text = first.text.trimStart();
  const last = result.at(-1);
  if (last?.type === "text") last.text = last.text.trimEnd();
  const nonEmpty = result.filter((node) => node.type !== "text" || node.text !== "");
  return nonEmpty.some((node) => node.type === "text") ? nonEmpty : [];
}
