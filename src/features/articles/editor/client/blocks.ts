import { mergeAttributes, Node } from "@tiptap/core";

/**
 * The newsroom blocks. Their names and attributes are the server's document schema
 * (document/doc.schema.ts); the server renders the public HTML, so `renderHTML` here is only what the
 * editor shows while writing.
 */

const text = (value: unknown) => (typeof value === "string" ? value : "");
const attr = (name: string, fallback: unknown = "") => ({
  default: fallback,
  parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? fallback,
  renderHTML: (attributes: Record<string, unknown>) => ({ [`data-${name}`]: attributes[name] }),
});

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "inline*",
  marks: "bold italic",
  defining: true,
  parseHTML: () => [{ tag: "aside.pull-quote" }],
  renderHTML: ({ HTMLAttributes }) => ["aside", mergeAttributes(HTMLAttributes, { class: "pull-quote" }), 0],
});

/** A figure's alt text, caption and credit are edited in place, in labelled fields inside the block. */
export const Figure = Node.create({
  name: "figure",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({
    src: attr("src"),
    alt: attr("alt"),
    caption: attr("caption"),
    credit: attr("credit"),
    width: attr("width", null),
    height: attr("height", null),
  }),
  parseHTML: () => [{ tag: "figure[data-src]" }],
  renderHTML: ({ HTMLAttributes }) => [
    "figure",
    mergeAttributes(HTMLAttributes, { class: "article-figure" }),
  ],
  addNodeView:
    () =>
    ({ node, getPos, editor }) => {
      const dom = document.createElement("figure");
      dom.className = "article-figure editor-figure";
      dom.contentEditable = "false";
      const image = document.createElement("img");
      image.src = text(node.attrs.src);
      image.alt = text(node.attrs.alt);
      dom.append(image);
      for (const [name, label] of [
        ["alt", "Alt text (describe the image)"],
        ["caption", "Caption"],
        ["credit", "Credit"],
      ] as const) {
        const field = document.createElement("label");
        const input = document.createElement("input");
        input.type = "text";
        input.value = text(node.attrs[name]);
        input.dataset.attr = name;
        input.addEventListener("change", () => {
          const position = getPos();
          if (typeof position !== "number") return;
          editor.view.dispatch(editor.state.tr.setNodeAttribute(position, name, input.value));
        });
        field.append(label, input);
        dom.append(field);
      }
      return {
        dom,
        // Keep this DOM (and the field being typed in) when an attribute changes.
        update: (updated) => {
          if (updated.type !== node.type) return false;
          image.src = text(updated.attrs.src);
          image.alt = text(updated.attrs.alt);
          return true;
        },
        stopEvent: (event) => event.target instanceof HTMLInputElement,
        ignoreMutation: () => true,
      };
    },
});

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  addAttributes: () => ({ images: { default: [] } }),
  renderHTML: ({ node }) => [
    "div",
    { class: "article-gallery", role: "group", "aria-label": "Gallery" },
    ...(node.attrs.images as Array<{ src: string; alt: string }>).map((image) => [
      "img",
      { src: image.src, alt: image.alt },
    ]),
  ],
});

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  addAttributes: () => ({
    url: { default: "" },
    site: { default: "" },
    title: { default: "" },
    image: { default: null },
  }),
  renderHTML: ({ node }) => [
    "aside",
    { class: "link-card" },
    ...(node.attrs.image
      ? [["img", { class: "link-card-image", src: text(node.attrs.image), alt: "" }]]
      : []),
    ["span", { class: "link-card-site" }, text(node.attrs.site)],
    ["span", { class: "link-card-title" }, ` ${text(node.attrs.title)} `],
    ["span", { class: "link-card-url" }, text(node.attrs.url)],
  ],
});

export const ATTRIBUTION_LABELS: Record<string, string> = {
  via: "Via",
  quoted: "Quoted by",
  source: "Source:",
};

export const Attribution = Node.create({
  name: "attribution",
  group: "block",
  atom: true,
  addAttributes: () => ({ kind: { default: "via" }, outlet: { default: "" }, url: { default: null } }),
  renderHTML: ({ node }) => [
    "p",
    { class: "source-attribution" },
    `${ATTRIBUTION_LABELS[text(node.attrs.kind)] ?? "Via"} ${text(node.attrs.outlet)}`,
  ],
});
