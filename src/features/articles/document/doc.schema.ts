import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { badRequest } from "../../../core/errors.js";

/**
 * The article body as the editor (Tiptap / ProseMirror) stores it. Only these node and mark types exist;
 * anything else is refused before it is stored. Attribute objects may carry more keys than listed
 * (Tiptap adds its own defaults), but the renderer reads only the ones declared here.
 */

// Relative site paths, web and mail links only: no javascript:, data: or protocol-relative URLs.
export const SAFE_HREF = "^(?:https?://[^\\s]+|mailto:[^\\s]+|/(?!/)[^\\s]*|#[^\\s]*)$";
const Href = Type.String({ pattern: SAFE_HREF, maxLength: 2000 });
const ImageSrc = Type.String({ pattern: "^(?:https?://[^\\s]+|/(?!/)[^\\s]*)$", maxLength: 2000 });
const Size = Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()]);
const Line = (maxLength: number) => Type.String({ maxLength });
const attrs = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: true });

const Mark = Type.Union([
  Type.Object({ type: Type.Literal("bold") }),
  Type.Object({ type: Type.Literal("italic") }),
  Type.Object({ type: Type.Literal("link"), attrs: attrs({ href: Href }) }),
]);
const Text = Type.Object({
  type: Type.Literal("text"),
  text: Type.String({ minLength: 1, maxLength: 100_000 }),
  marks: Type.Optional(Type.Array(Mark, { maxItems: 3 })),
});
const HardBreak = Type.Object({ type: Type.Literal("hardBreak") });
const Inline = Type.Union([Text, HardBreak]);
const Inlines = Type.Optional(Type.Array(Inline, { maxItems: 10_000 }));

const Image = {
  src: ImageSrc,
  alt: Line(500),
  width: Size,
  height: Size,
};
export const FigureAttrs = attrs({ ...Image, caption: Line(1000), credit: Line(300) });
export const GalleryImage = Type.Object({ ...Image, caption: Line(1000) });
export const AttributionKindSchema = Type.Union([
  Type.Literal("via"),
  Type.Literal("quoted"),
  Type.Literal("source"),
]);

const Leaf = {
  paragraph: Type.Object({ type: Type.Literal("paragraph"), content: Inlines }),
  heading: Type.Object({
    type: Type.Literal("heading"),
    attrs: attrs({ level: Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4)]) }),
    content: Inlines,
  }),
  horizontalRule: Type.Object({ type: Type.Literal("horizontalRule") }),
  pullQuote: Type.Object({ type: Type.Literal("pullQuote"), content: Inlines }),
  figure: Type.Object({ type: Type.Literal("figure"), attrs: FigureAttrs }),
  gallery: Type.Object({
    type: Type.Literal("gallery"),
    attrs: attrs({ images: Type.Array(GalleryImage, { minItems: 1, maxItems: 50 }) }),
  }),
  embed: Type.Object({
    type: Type.Literal("embed"),
    attrs: attrs({
      url: Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2000 }),
      site: Line(100),
      title: Line(300),
      // Only our own media library's copy: a reader's browser never asks the other site for anything.
      image: Type.Optional(
        Type.Union([Type.String({ pattern: "^/media/[^\\s]+$", maxLength: 500 }), Type.Null()]),
      ),
    }),
  }),
  attribution: Type.Object({
    type: Type.Literal("attribution"),
    attrs: attrs({
      kind: AttributionKindSchema,
      outlet: Type.String({ minLength: 1, maxLength: 200 }),
      url: Type.Union([Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 1000 }), Type.Null()]),
    }),
  }),
};

export const BlockSchema = Type.Recursive(
  (Block) => {
    const Blocks = Type.Array(Block, { minItems: 1, maxItems: 10_000 });
    const ListItem = Type.Object({ type: Type.Literal("listItem"), content: Blocks });
    const ListItems = Type.Array(ListItem, { minItems: 1, maxItems: 10_000 });
    return Type.Union([
      ...Object.values(Leaf),
      Type.Object({ type: Type.Literal("blockquote"), content: Blocks }),
      Type.Object({ type: Type.Literal("bulletList"), content: ListItems }),
      Type.Object({
        type: Type.Literal("orderedList"),
        attrs: Type.Optional(attrs({ start: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })) })),
        content: ListItems,
      }),
    ]);
  },
  { $id: "ArticleBlock" },
);

export const ArticleDocSchema = Type.Object({
  type: Type.Literal("doc"),
  // Tiptap leaves `content` out of an empty document.
  content: Type.Optional(Type.Array(BlockSchema, { maxItems: 10_000 })),
});

export type ArticleDoc = Static<typeof ArticleDocSchema>;
export type Block = Static<typeof BlockSchema>;
export type InlineNode = Static<typeof Inline>;
export type TextNode = Static<typeof Text>;
export type DocMark = Static<typeof Mark>;
export type FigureNode = Static<typeof Leaf.figure>;
export type GalleryImageAttrs = Static<typeof GalleryImage>;

export const emptyDoc = (): ArticleDoc => ({ type: "doc", content: [] });

const checker = TypeCompiler.Compile(ArticleDocSchema);
const NODE_TYPES = new Set([
  "doc",
  "text",
  "hardBreak",
  "listItem",
  "blockquote",
  "bulletList",
  "orderedList",
  ...Object.keys(Leaf),
]);

/** The first node whose type the schema does not know, so the message can name it. */
function unknownNodeType(node: unknown, path: string): string | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const { type, content } = node as { type?: unknown; content?: unknown };
  if (typeof type === "string" && !NODE_TYPES.has(type)) return `"${type.slice(0, 40)}" at ${path || "/"}`;
  if (!Array.isArray(content)) return undefined;
  for (const [index, child] of content.entries()) {
    const found = unknownNodeType(child, `${path}/content/${index}`);
    if (found) return found;
  }
  return undefined;
}

/** The document if it fits the schema; otherwise a 400 that says where it does not. */
export function checkDoc(value: unknown): ArticleDoc {
  if (checker.Check(value)) return value;
  const unknown = unknownNodeType(value, "");
  if (unknown) throw badRequest(`The article body has a block of unknown type ${unknown}.`);
  const error = checker.Errors(value).First();
  throw badRequest(`The article body is not a valid document (${error?.path || "/"}: ${error?.message}).`);
}

/** Parses the editor's JSON text (a form field) into a checked document. */
export function parseDocJson(text: string): ArticleDoc {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("The article body is not valid JSON; reload the editor and try again.");
  }
  return checkDoc(value);
}
