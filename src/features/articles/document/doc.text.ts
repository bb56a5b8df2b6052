import type { ArticleDoc, Block, InlineNode } from "./doc.schema.js";

const inlineText = (content: InlineNode[] | undefined) =>
  (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");

function blockLines(block: Block): string[] {
  switch (block.type) {
    case "paragraph":
    case "heading":
    case "pullQuote":
      return [inlineText(block.content)];
    case "blockquote":
      return block.content.flatMap(blockLines).map((line) => `> ${line}`);
    case "bulletList":
    case "orderedList":
      return block.content.flatMap((item) => item.content.flatMap(blockLines).map((line) => `- ${line}`));
    case "horizontalRule":
      return ["---"];
    case "figure":
      return [`[image ${block.attrs.src}] ${block.attrs.caption}`.trim()];
    case "gallery":
      return block.attrs.images.map((image) => `[gallery image ${image.src}] ${image.caption}`.trim());
    case "embed":
      return [`[embed ${block.attrs.url}]`];
    case "attribution":
      return [`[${block.attrs.kind} ${block.attrs.outlet} ${block.attrs.url ?? ""}]`.trim()];
  }
}

/** One line per paragraph-like block, for revision diffs (markers show lists, quotes and media). */
export const docToLines = (doc: ArticleDoc): string => (doc.content ?? []).flatMap(blockLines).join("\n");
