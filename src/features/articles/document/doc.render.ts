import sanitizeHtml from "sanitize-html";
import { libraryCopies, servedSize, srcsetFor } from "../../media/responsive.js";
import type { Attribution } from "../article.js";
import type { ArticleDoc, Block, DocMark, GalleryImageAttrs, InlineNode, TextNode } from "./doc.schema.js";
import { type HashtagLink, splitHashtags } from "./hashtags.js";

export interface RenderedDoc {
  html: string;
  /** Tag display names, unique by slug, in order of first appearance. */
  hashtags: string[];
  /** The document's source-attribution blocks, which join the article's sources (and JSON-LD citations). */
  attributions: Attribution[];
}

/** Escapes text and attribute values (the four characters markdown-it escapes, as the old bodies had). */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const EXTERNAL_URL = /^(?:https?:)?\/\//i;
const ATTRIBUTION_LABELS = { via: "Via", quoted: "Quoted by", source: "Source:" } as const;

interface RenderState {
  hashtags: Map<string, string>;
  attributions: Attribution[];
}

/**
 * Renders a checked document to the public HTML. A whitelist walk: every node type has its own markup and
 * every text and attribute is escaped, so nothing in the document can add tags or attributes of its own.
 * The output then passes `sanitize-html` with the same whitelist, a second guard should this walk ever slip.
 */
export function renderDoc(doc: ArticleDoc): RenderedDoc {
  const state: RenderState = { hashtags: new Map(), attributions: [] };
  const html = (doc.content ?? []).map((block) => renderBlock(block, state, false)).join("");
  return {
    html: sanitizeBodyHtml(html),
    hashtags: [...state.hashtags.values()],
    attributions: state.attributions,
  };
}

function renderBlock(block: Block, state: RenderState, tight: boolean): string {
  switch (block.type) {
    case "paragraph": {
      const inner = renderInlines(block.content, state);
      return tight ? inner : `<p>${inner}</p>\n`;
    }
    case "heading":
      return `<h${block.attrs.level}>${renderInlines(block.content, state)}</h${block.attrs.level}>\n`;
    case "blockquote":
      return `<blockquote>\n${renderBlocks(block.content, state)}</blockquote>\n`;
    case "bulletList":
      return `<ul>\n${block.content.map((item) => renderListItem(item.content, state)).join("")}</ul>\n`;
    case "orderedList": {
      const start = block.attrs?.start;
      const opening = start !== undefined && start !== 1 ? `<ol start="${start}">` : "<ol>";
      return `${opening}\n${block.content.map((item) => renderListItem(item.content, state)).join("")}</ol>\n`;
    }
    case "horizontalRule":
      return "<hr>\n";
    case "pullQuote":
      return `<aside class="pull-quote"><p>${renderInlines(block.content, state)}</p></aside>\n`;
    case "figure":
      return `${renderFigure(block.attrs, block.attrs.credit, "article-figure")}\n`;
    case "gallery":
      return `<div class="article-gallery">${block.attrs.images.map((image) => renderFigure(image, "", "gallery-item")).join("")}</div>\n`;
    case "embed":
      return renderLinkCard(block.attrs);
    case "attribution": {
      const { kind, outlet, url } = block.attrs;
      state.attributions.push({ kind, outlet, url });
      const name = url
        ? `<a href="${escapeHtml(url)}" rel="nofollow noopener">${escapeHtml(outlet)}</a>`
        : escapeHtml(outlet);
      return `<p class="source-attribution">${ATTRIBUTION_LABELS[kind]} ${name}</p>\n`;
    }
  }
}

const renderBlocks = (blocks: Block[], state: RenderState) =>
  blocks.map((block) => renderBlock(block, state, false)).join("");

// As markdown-it renders a tight list: an item holding one paragraph shows its text without <p>.
function renderListItem(content: Block[], state: RenderState): string {
  const [only] = content;
  if (content.length === 1 && only?.type === "paragraph")
    return `<li>${renderBlock(only, state, true)}</li>\n`;
  return `<li>\n${renderBlocks(content, state)}</li>\n`;
}

const BODY_IMAGE_SIZES = "(min-width: 45rem) 42rem, 100vw";

/** A body image: a library image as a `<picture>` of its WebP and JPEG/PNG copies, any other a plain `<img>`. */
function renderImage(image: GalleryImageAttrs): string {
  const served = servedSize(image.src, image.width, image.height);
  const size = served.width && served.height ? ` width="${served.width}" height="${served.height}"` : "";
  const copies = libraryCopies(image.src);
  const responsive = copies
    ? ` srcset="${srcsetFor(copies.fileKey, copies.widths, copies.ext)}" sizes="${BODY_IMAGE_SIZES}"`
    : "";
  const img = `<img src="${escapeHtml(image.src)}"${responsive} alt="${escapeHtml(image.alt)}" loading="lazy"${size}>`;
  if (!copies) return img;
  const webp = srcsetFor(copies.fileKey, copies.widths, "webp");
  return `<picture><source type="image/webp" srcset="${webp}" sizes="${BODY_IMAGE_SIZES}">${img}</picture>`;
}

function renderFigure(image: GalleryImageAttrs, credit: string, className: string): string {
  const img = renderImage(image);
  const creditHtml = credit ? ` <span class="figure-credit">${escapeHtml(credit)}</span>` : "";
  const caption =
    image.caption || credit ? `<figcaption>${escapeHtml(image.caption)}${creditHtml}</figcaption>` : "";
  return `<figure class="${className}">${img}${caption}</figure>`;
}

// A card linking out, never the network's own embed: no third-party script or tracker on our pages.
function renderLinkCard(card: { url: string; site: string; title: string; image?: string | null }): string {
  const title = card.title ? ` <span class="link-card-title">${escapeHtml(card.title)}</span>` : "";
  // Decorative: the title beside it says what the link is.
  const image = card.image
    ? `<img class="link-card-image" src="${escapeHtml(card.image)}" alt="" loading="lazy">`
    : "";
  return (
    `<aside class="link-card"><a href="${escapeHtml(card.url)}" rel="nofollow noopener" class="link-card-link">` +
    `${image}<span class="link-card-site">${escapeHtml(card.site)}</span>${title} ` +
    `<span class="link-card-url">${escapeHtml(displayUrl(card.url))}</span></a></aside>\n`
  );
}

const CARD_URL_MAX_LENGTH = 60;

/** "https://x.com/a/status/1/" → "x.com/a/status/1", cut to 60 characters with an ellipsis. */
export function displayUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const text = parsed ? `${parsed.host}${decodeURI(parsed.pathname)}${parsed.search}` : url;
  const characters = Array.from(text.replace(/\/$/, ""));
  if (characters.length <= CARD_URL_MAX_LENGTH) return characters.join("");
  return `${characters.slice(0, CARD_URL_MAX_LENGTH - 1).join("")}…`;
}

function renderInlines(content: InlineNode[] | undefined, state: RenderState): string {
  return (content ?? [])
    .map((node) => (node.type === "hardBreak" ? "<br>\n" : renderText(node, state)))
    .join("");
}

const linkOf = (marks: DocMark[] | undefined) => marks?.find((mark) => mark.type === "link");

function renderText(node: TextNode, state: RenderState): string {
  const link = linkOf(node.marks);
  // Hashtags inside a link stay plain text: a link cannot hold another link.
  let html = link
    ? escapeHtml(node.text)
    : splitHashtags(node.text)
        .map((part) => (typeof part === "string" ? escapeHtml(part) : hashtagLink(part, state)))
        .join("");
  if (node.marks?.some((mark) => mark.type === "italic")) html = `<em>${html}</em>`;
  if (node.marks?.some((mark) => mark.type === "bold")) html = `<strong>${html}</strong>`;
  if (link?.type === "link") {
    const rel = EXTERNAL_URL.test(link.attrs.href) ? ' rel="noopener"' : "";
    html = `<a href="${escapeHtml(link.attrs.href)}"${rel}>${html}</a>`;
  }
  return html;
}

function hashtagLink(hashtag: HashtagLink, state: RenderState): string {
  if (!state.hashtags.has(hashtag.tagSlug)) state.hashtags.set(hashtag.tagSlug, hashtag.tagName);
  return `<a class="hashtag" href="/tag/${hashtag.tagSlug}/" rel="tag">${escapeHtml(hashtag.text)}</a>`;
}

/** The whitelist every stored body passes (also what the Markdown-era bodies are compared through). */
export const sanitizeBodyHtml = (html: string) => sanitizeHtml(html, SANITIZE_OPTIONS);

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "hr", "br", "em", "strong", "a"],
    ...["figure", "figcaption", "picture", "source", "img", "aside", "div", "span"],
  ],
  allowedAttributes: {
    a: ["href", "rel", "class"],
    img: ["src", "srcset", "sizes", "alt", "loading", "width", "height"],
    source: ["type", "srcset", "sizes"],
    ol: ["start"],
    "*": ["class"],
  },
  // <source> is void like <img>: never written with a closing tag.
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "source"],
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
};
