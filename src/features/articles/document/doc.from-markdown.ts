import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import type { ArticleDoc, Block, DocMark, InlineNode } from "./doc.schema.js";
import { SAFE_HREF } from "./doc.schema.js";
import { linkCardFor } from "./social-networks.js";

// Raw HTML in Markdown stays text (as the old renderer escaped it); bare URLs become links; quotes curl.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
const safeHref = new RegExp(SAFE_HREF);
const safeImageSrc = /^(?:https?:\/\/|\/(?!\/))\S+$/;

/**
 * The one way Markdown becomes an article document: the migration of the old Markdown bodies, the demo
 * seed and pasted Markdown all come through here. It follows what the old Markdown renderer showed: the
 * page title is the only h1, so headings move down one level (to h4 at most); an image alone in its
 * paragraph is a figure (its title the caption); a paragraph that is one link to a social network post
 * is a link card. Hashtags stay text: the renderer links them.
 */
export function markdownToDoc(source: string): ArticleDoc {
  const tokens = md.parse(source, {});
  return { type: "doc", content: new TokenReader(tokens).blocks(null) };
}

class TokenReader {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Blocks up to the closing token of type `until` (consumed), or to the end. */
  blocks(until: string | null): Block[] {
    const blocks: Block[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === until) break;
      blocks.push(...this.block(token));
    }
    return blocks;
  }

  private block(token: Token): Block[] {
    switch (token.type) {
      case "paragraph_open":
        return this.paragraph();
      case "heading_open": {
        const level = Math.min(Number(token.tag.slice(1)) + 1, 4) as 2 | 3 | 4;
        const [content] = this.inlineUntil("heading_close");
        return [{ type: "heading", attrs: { level }, content }];
      }
      case "blockquote_open":
        return [{ type: "blockquote", content: nonEmpty(this.blocks("blockquote_close")) }];
      case "bullet_list_open":
        return [{ type: "bulletList", content: this.listItems("bullet_list_close") }];
      case "ordered_list_open": {
        const start = Number(token.attrGet("start") ?? 1);
        const content = this.listItems("ordered_list_close");
        return [{ type: "orderedList", ...(start === 1 ? {} : { attrs: { start } }), content }];
      }
      case "hr":
        return [{ type: "horizontalRule" }];
      case "code_block":
      case "fence":
        return [{ type: "paragraph", content: textWithBreaks(token.content.replace(/\n$/, "")) }];
      case "inline": {
        // Table cells and other containers we have no block for keep their text as paragraphs.
        const [content, figures] = inlineNodes(token.children ?? []);
        return [...(content.length > 0 ? [{ type: "paragraph" as const, content }] : []), ...figures];
      }
      default:
        return [];
    }
  }

  private paragraph(): Block[] {
    const inline = this.tokens[this.index];
    const children = inline?.type === "inline" ? (inline.children ?? []) : [];
    const card = linkCardOf(children);
    const [content, figures] = this.inlineUntil("paragraph_close");
    if (card) return [card];
    const soleImage = figures.length === 1 && content.every((node) => isBlank(node));
    if (soleImage) return figures;
    // An image moved out of the text leaves the space before it behind.
    const last = content.at(-1);
    if (figures.length > 0 && last?.type === "text") last.text = last.text.trimEnd();
    return [...(content.length > 0 ? [{ type: "paragraph" as const, content }] : []), ...figures];
  }

  private inlineUntil(close: string): [InlineNode[], Block[]] {
    let result: [InlineNode[], Block[]] = [[], []];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === close) break;
      if (token.type === "inline") result = inlineNodes(token.children ?? []);
    }
    return result;
  }

  private listItems(close: string): Array<{ type: "listItem"; content: Block[] }> {
    const items: Array<{ type: "listItem"; content: Block[] }> = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === close) break;
      if (token.type === "list_item_open")
        items.push({ type: "listItem", content: nonEmpty(this.blocks("list_item_close")) });
    }
    return items;
  }
}

const nonEmpty = (blocks: Block[]): Block[] => (blocks.length > 0 ? blocks : [{ type: "paragraph" }]);
const isBlank = (node: InlineNode) => node.type === "text" && node.text.trim() === "";

function textWithBreaks(text: string): InlineNode[] {
  return text
    .split("\n")
    .flatMap((line, index): InlineNode[] => [
      ...(index > 0 ? [{ type: "hardBreak" as const }] : []),
      ...(line ? [{ type: "text" as const, text: line }] : []),
    ]);
}

/** A paragraph that is nothing but one link to a social network post becomes a card (never their embed). */
function linkCardOf(children: Token[]): Block | undefined {
  const first = children[0];
  const last = children.at(-1);
  if (first?.type !== "link_open" || last?.type !== "link_close") return undefined;
  if (children.filter((token) => token.type === "link_open").length !== 1) return undefined;
  if (children.some((token) => token.type === "image")) return undefined;
  return linkCardFor(String(first.attrGet("href") ?? ""));
}

/** Inline content, plus figures for the images found in it (the document has no inline images). */
function inlineNodes(children: Token[]): [InlineNode[], Block[]] {
  const nodes: InlineNode[] = [];
  const figures: Block[] = [];
  let marks: DocMark[] = [];
  const push = (text: string) => {
    if (!text) return;
    const previous = nodes.at(-1);
    if (previous?.type === "text" && sameMarks(previous.marks, marks)) previous.text += text;
    else nodes.push({ type: "text", text, ...(marks.length > 0 ? { marks: [...marks] } : {}) });
  };
  for (const token of children) {
    switch (token.type) {
      case "text":
      case "text_special":
      case "code_inline":
        push(token.content);
        break;
      case "softbreak":
        push(" ");
        break;
      case "hardbreak":
        nodes.push({ type: "hardBreak" });
        break;
      case "strong_open":
        marks = [...marks, { type: "bold" }];
        break;
      case "em_open":
        marks = [...marks, { type: "italic" }];
        break;
      case "link_open": {
        const href = String(token.attrGet("href") ?? "");
        if (safeHref.test(href)) marks = [...marks, { type: "link", attrs: { href } }];
        break;
      }
      case "strong_close":
      case "em_close":
      case "link_close":
        marks = withoutLast(marks, token.type.replace("_close", ""));
        break;
      case "image": {
        const figure = figureOf(token);
        if (figure) figures.push(figure);
        break;
      }
    }
  }
  return [nodes, figures];
}

const MARK_OF_TOKEN: Record<string, DocMark["type"]> = { strong: "bold", em: "italic", link: "link" };

function withoutLast(marks: DocMark[], tokenName: string): DocMark[] {
  const type = MARK_OF_TOKEN[tokenName];
  const index = marks.map((mark) => mark.type).lastIndexOf(type ?? "bold");
  return index < 0 ? marks : [...marks.slice(0, index), ...marks.slice(index + 1)];
}

function sameMarks(a: DocMark[] | undefined, b: DocMark[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b);
}

function figureOf(image: Token): Block | undefined {
  const src = String(image.attrGet("src") ?? "");
  if (!safeImageSrc.test(src)) return undefined;
  const alt = (image.children ?? []).map((child) => child.content).join("");
  const caption = String(image.attrGet("title") ?? "");
  return { type: "figure", attrs: { src, alt, caption, credit: "", width: null, height: null } };
}
