import sanitizeHtml from "sanitize-html";
import { htmlToDoc } from "../articles/document/doc.from-html.js";
import type { ArticleDoc, Block } from "../articles/document/doc.schema.js";
import { linkCardFor } from "../articles/document/social-networks.js";
import { uploadUrlsIn } from "./wp-uploads.js";

/** What converting one body found that the report should list. */
export interface ContentNotes {
  unknownShortcodes: string[];
  /** Image and link URLs under the old site's uploads folder, as found. */
  uploadUrls: string[];
}

export interface ContentOptions {
  /** Attachment id → its URL, alt and caption (for [gallery ids="…"]). */
  attachment: (id: string) => { url: string; alt: string; caption: string } | undefined;
  /** Rewrites a media URL (to the media library's copy), or returns it unchanged. */
  mediaUrl: (url: string) => string;
}

const BLOCK_START = /^<\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|pre|table|hr|img|iframe)\b/i;
const KNOWN_SHORTCODES = new Set(["caption", "wp_caption", "gallery", "embed"]);

/**
 * Clean HTML from any source → the article body, in one place: sanitize-html first, media URLs through
 * `mediaUrl`, then `htmlToDoc` (the whitelist walk that turns pasted HTML into a document) in one
 * parse. A paragraph holding only a link to a social network post (an [embed] or a bare URL) becomes
 * the editor's link card.
 */
export function htmlToArticleBody(html: string, mediaUrl: (url: string) => string): ArticleDoc {
  const clean = sanitizeHtml(html, SANITIZE);
  const rewritten = clean.replace(
    /(<(?:img|a)\b[^>]*?\b(?:src|href)=")([^"]*)(")/gi,
    (_all, before, url, after) => `${before}${mediaUrl(url)}${after}`,
  );
  const doc = htmlToDoc(rewritten);
  return { ...doc, content: (doc.content ?? []).map((block) => soleLinkOf(block) ?? block) };
}

/** The card for a paragraph that is one URL, as text or as a link, to a social network post. */
function soleLinkOf(block: Block): Block | undefined {
  if (block.type !== "paragraph" || block.content?.length !== 1) return undefined;
  const [node] = block.content;
  if (node?.type !== "text") return undefined;
  const link = node.marks?.find((mark) => mark.type === "link");
  const href = link ? String(link.attrs?.href ?? "") : node.text.trim();
  return /^https?:\/\/\S+$/.test(href) ? linkCardFor(href) : undefined;
}

/**
 * WordPress post HTML → the article body: Gutenberg block comments go, classic posts get their
 * paragraphs (wpautop), [caption] becomes a figure with its caption, [gallery] figures, [embed] and
 * bare embed URLs a paragraph holding only the URL (which the body renderer turns into a link card);
 * other shortcodes stay as text and are listed; then `htmlToArticleBody`.
 */
export function wordpressToArticleBody(
  html: string,
  options: ContentOptions,
): { body: ArticleDoc; notes: ContentNotes } {
  const withoutBlocks = html.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, "");
  const notes: ContentNotes = { unknownShortcodes: [], uploadUrls: uploadUrlsIn(withoutBlocks) };
  const expanded = expandShortcodes(withoutBlocks, options, notes);
  return { body: htmlToArticleBody(wpautop(expanded), options.mediaUrl), notes };
}

/** A WordPress excerpt or comment as plain text: tags dropped, entities decoded, spaces collapsed. */
export function wordpressToPlainText(html: string): string {
  // Most titles and comments hold no markup at all: nothing for the parser to drop or decode.
  const text = /[<>&]/.test(html) ? withoutTags(html) : html;
  return decodeEntities(text)
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const withoutTags = (html: string) =>
  sanitizeHtml(html.replace(/<\/p>\s*<p>/gi, "\n\n").replace(/<br\s*\/?>/gi, "\n"), {
    allowedTags: [],
    allowedAttributes: {},
  });

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&#(\d+);/g, (_all, code) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, "&");
}

const SHORTCODE = /\[(\/?)([a-z][\w-]*)((?:\s[^\]]*)?)\]/gi;

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    attributes[(match[1] ?? "").toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? "";
  }
  return attributes;
}

function expandShortcodes(html: string, options: ContentOptions, notes: ContentNotes): string {
  const captioned = html.replace(
    /\[(?:wp_)?caption([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gi,
    (_all, attributeText: string, inner: string) => {
      const image = /<img\b[^>]*>/i.exec(inner)?.[0] ?? "";
      const link = /<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>/i.exec(inner)?.[0];
      const caption = inner.replace(link ?? image, "").trim() || (attributesOf(attributeText).caption ?? "");
      return `\n\n<figure>${image}<figcaption>${caption}</figcaption></figure>\n\n`;
    },
  );
  const galleries = captioned.replace(/\[gallery([^\]]*)\]/gi, (_all, attributeText: string) => {
    const ids = (attributesOf(attributeText).ids ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    return ids
      .map((id) => options.attachment(id))
      .filter((found) => found !== undefined)
      .map(
        (found) =>
          `\n\n<figure><img src="${escapeAttribute(found.url)}" alt="${escapeAttribute(found.alt)}"><figcaption>${found.caption}</figcaption></figure>\n\n`,
      )
      .join("");
  });
  const embeds = galleries.replace(
    /\[embed[^\]]*\]\s*([^[\s]+)\s*\[\/embed\]/gi,
    (_all, url: string) => `\n\n${url}\n\n`,
  );
  for (const match of embeds.matchAll(SHORTCODE)) {
    const name = (match[2] ?? "").toLowerCase();
    if (!KNOWN_SHORTCODES.has(name) && match[1] === "") notes.unknownShortcodes.push(name);
  }
  return embeds;
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * WordPress's wpautop, as far as stored posts need it: blank lines separate paragraphs, single
 * newlines inside one become line breaks, and block elements are left as they are.
 */
export function wpautop(html: string): string {
  return html
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, "<br>\n")}</p>`))
    .join("\n");
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "a",
    "em",
    "i",
    "strong",
    "b",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "img",
    "code",
    "pre",
    "hr",
  ],
  allowedAttributes: { a: ["href"], img: ["src", "alt"] },
  allowedSchemes: ["http", "https", "mailto"],
  transformTags: { h1: "h2" },
};
