import type { Env, MarkdownItOptions, Renderer, StateCore, Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import { slugify } from "../../core/slug.js";

export interface RenderedMarkdown {
  html: string;
  /** Tag display names, unique by slug, in order of first appearance. */
  hashtags: string[];
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

// The figure and card rules must see links already produced by linkify; hashtags run last so they never
// split the text of a link, and before text_join so escaped `\#word` (a text_special token) stays literal.
md.core.ruler.push("demote_headings", demoteHeadings);
md.core.ruler.after("linkify", "article_figures", convertImageParagraphsToFigures);
md.core.ruler.after("article_figures", "social_link_cards", convertSocialLinkParagraphsToCards);
md.core.ruler.after("social_link_cards", "hashtags", linkHashtags);
md.renderer.rules.image = renderLazyImage;
md.renderer.rules.link_open = renderLinkOpen;
md.renderer.rules.link_card = renderLinkCard;

/** Renders an article body. The HTML is safe to embed as-is: raw HTML in the source is escaped. */
export function renderArticleMarkdown(source: string): RenderedMarkdown {
  const env = {};
  const tokens = md.parse(source, env);
  return { html: md.renderer.render(tokens, md.options, env), hashtags: collectHashtags(tokens) };
}

/** "Deir_ez_Zor" (or "#Deir_ez_Zor") → "Deir ez Zor". */
export function hashtagToTagName(hashtag: string): string {
  return hashtag.replace(/^#/, "").replace(/_+/g, " ").trim();
}

// Page templates render the title as <h1>, so the body starts at <h2>.
function demoteHeadings(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      token.tag = `h${Math.min(Number(token.tag.slice(1)) + 1, 6)}`;
    }
  }
}

interface Paragraph {
  open: Token;
  children: Token[];
  close: Token;
}

// Paragraphs hidden inside tight lists render without block markup, so they can't become figures or cards.
function visibleParagraphAt(tokens: Token[], index: number): Paragraph | undefined {
  const [open, inline, close] = tokens.slice(index, index + 3);
  if (open?.type !== "paragraph_open" || open.hidden || inline?.type !== "inline") return undefined;
  if (close?.type !== "paragraph_close" || !inline.children) return undefined;
  return { open, children: inline.children, close };
}

function convertImageParagraphsToFigures(state: StateCore): void {
  state.tokens.forEach((_token, index) => {
    const paragraph = visibleParagraphAt(state.tokens, index);
    const [image, ...others] = paragraph?.children ?? [];
    if (!paragraph || image?.type !== "image" || others.length > 0) return;
    paragraph.open.type = "figure_open";
    paragraph.open.tag = "figure";
    paragraph.open.attrSet("class", "article-figure");
    paragraph.close.type = "figure_close";
    paragraph.close.tag = "figure";
    const caption = image.attrGet("title");
    if (caption) {
      image.attrs = image.attrs?.filter(([name]) => name !== "title") ?? null;
      paragraph.children.push(...figcaptionTokens(state, String(caption), image.level));
    }
  });
}

// Plain tokens rather than HTML so the caption is escaped and typographer/hashtag rules still apply to it.
function figcaptionTokens(state: StateCore, caption: string, level: number): Token[] {
  const open = new state.Token("figcaption_open", "figcaption", 1);
  const text = new state.Token("text", "", 0);
  const close = new state.Token("figcaption_close", "figcaption", -1);
  text.content = caption;
  open.level = level;
  text.level = level + 1;
  close.level = level;
  return [open, text, close];
}

const SOCIAL_NETWORKS_BY_HOST = new Map([
  ["twitter.com", "X (Twitter)"],
  ["x.com", "X (Twitter)"],
  ["facebook.com", "Facebook"],
  ["instagram.com", "Instagram"],
  ["threads.net", "Threads"],
  ["threads.com", "Threads"],
  ["bsky.app", "Bluesky"],
  ["youtube.com", "YouTube"],
  ["youtu.be", "YouTube"],
  ["tiktok.com", "TikTok"],
  ["t.me", "Telegram"],
  ["linkedin.com", "LinkedIn"],
]);
const MASTODON_POST_PATH = /^\/@[\w.-]+(?:@[\w.-]+)?\/\d+\/?$/;
const CARD_URL_MAX_LENGTH = 60;

// Social embeds would load third-party scripts and trackers into our pages; a plain card links out instead.
function convertSocialLinkParagraphsToCards(state: StateCore): void {
  for (let index = state.tokens.length - 3; index >= 0; index--) {
    const paragraph = visibleParagraphAt(state.tokens, index);
    const card = paragraph && socialLinkCard(state, paragraph);
    if (card) state.tokens.splice(index, 3, card);
  }
}

function socialLinkCard(state: StateCore, paragraph: Paragraph): Token | undefined {
  const href = soleLinkHref(paragraph.children);
  const url = href && URL.canParse(href) ? new URL(href) : undefined;
  const network = url && socialNetworkOf(url);
  if (!href || !url || !network) return undefined;
  const card = new state.Token("link_card", "aside", 0);
  card.block = true;
  card.map = paragraph.open.map;
  card.attrSet("href", href);
  card.info = network;
  card.content = shortenForDisplay(md.normalizeLinkText(`${url.host}${url.pathname}${url.search}`));
  return card;
}

// A linked image is the author asking for the image, so it never collapses into a card.
function soleLinkHref(children: Token[]): string | undefined {
  const first = children[0];
  const last = children.at(-1);
  if (first?.type !== "link_open" || last?.type !== "link_close") return undefined;
  const linkCount = children.filter((token) => token.type === "link_open").length;
  if (linkCount !== 1 || children.some((token) => token.type === "image")) return undefined;
  const href = first.attrGet("href");
  return href === null ? undefined : String(href);
}

function socialNetworkOf(url: URL): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.replace(/^(?:www|m|mobile)\./, "");
  return (
    SOCIAL_NETWORKS_BY_HOST.get(host) ?? (MASTODON_POST_PATH.test(url.pathname) ? "Mastodon" : undefined)
  );
}

function shortenForDisplay(text: string): string {
  const withoutTrailingSlash = text.replace(/\/$/, "");
  const characters = Array.from(withoutTrailingSlash);
  if (characters.length <= CARD_URL_MAX_LENGTH) return withoutTrailingSlash;
  return `${characters.slice(0, CARD_URL_MAX_LENGTH - 1).join("")}…`;
}

// A hashtag starts with a letter and may join words with underscores; the lookbehind keeps `C#` and
// `foo#bar` literal, and `##word` too.
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_#])#\p{L}[\p{L}\p{M}\p{N}]*(?:_+[\p{L}\p{M}\p{N}]+)*/gu;

interface HashtagMeta {
  tagName: string;
  tagSlug: string;
}

function linkHashtags(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === "inline" && token.children) token.children = withHashtagLinks(state, token.children);
  }
}

function withHashtagLinks(state: StateCore, children: Token[]): Token[] {
  let linkDepth = 0;
  return children.flatMap((token) => {
    if (token.type === "link_open") linkDepth++;
    if (token.type === "link_close") linkDepth--;
    return token.type === "text" && linkDepth === 0 ? splitOutHashtags(state, token) : [token];
  });
}

function splitOutHashtags(state: StateCore, text: Token): Token[] {
  const parts: Token[] = [];
  let consumedUpTo = 0;
  for (const match of text.content.matchAll(HASHTAG)) {
    const [hashtag] = match;
    const tagName = hashtagToTagName(hashtag);
    const tagSlug = slugify(tagName);
    if (!tagSlug) continue;
    parts.push(...textTokens(state, text.content.slice(consumedUpTo, match.index), text.level));
    parts.push(...hashtagLinkTokens(state, hashtag, { tagName, tagSlug }, text.level));
    consumedUpTo = match.index + hashtag.length;
  }
  if (parts.length === 0) return [text];
  return [...parts, ...textTokens(state, text.content.slice(consumedUpTo), text.level)];
}

function textTokens(state: StateCore, content: string, level: number): Token[] {
  if (!content) return [];
  const text = new state.Token("text", "", 0);
  text.content = content;
  text.level = level;
  return [text];
}

function hashtagLinkTokens(state: StateCore, hashtag: string, meta: HashtagMeta, level: number): Token[] {
  const open = new state.Token("link_open", "a", 1);
  open.attrs = [
    ["class", "hashtag"],
    ["href", `/tag/${meta.tagSlug}/`],
    ["rel", "tag"],
  ];
  open.meta = { ...meta };
  open.level = level;
  const close = new state.Token("link_close", "a", -1);
  close.level = level;
  return [open, ...textTokens(state, hashtag, level + 1), close];
}

function collectHashtags(tokens: Token[]): string[] {
  const namesBySlug = new Map<string, string>();
  for (const child of tokens.flatMap((token) => token.children ?? [])) {
    const { tagName, tagSlug } = child.meta ?? {};
    if (typeof tagName === "string" && typeof tagSlug === "string" && !namesBySlug.has(tagSlug)) {
      namesBySlug.set(tagSlug, tagName);
    }
  }
  return [...namesBySlug.values()];
}

function tokenAt(tokens: Token[], index: number): Token {
  const token = tokens[index];
  if (!token) throw new Error(`markdown-it asked to render a missing token at index ${index}`);
  return token;
}

// Same as markdown-it's default image rule (alt text is the plain text of the alt markup) plus lazy loading.
type RenderOptions = Required<MarkdownItOptions>;

function renderLazyImage(
  tokens: Token[],
  index: number,
  options: RenderOptions,
  env: Env | undefined,
  renderer: Renderer,
): string {
  const image = tokenAt(tokens, index);
  image.attrSet("alt", renderer.renderInlineAsText(image.children ?? [], options, env));
  image.attrSet("loading", "lazy");
  return renderer.renderToken(tokens, index, options);
}

const EXTERNAL_URL = /^(?:https?:)?\/\//i;

function renderLinkOpen(
  tokens: Token[],
  index: number,
  options: RenderOptions,
  _env: Env | undefined,
  renderer: Renderer,
): string {
  const link = tokenAt(tokens, index);
  if (EXTERNAL_URL.test(String(link.attrGet("href") ?? ""))) link.attrSet("rel", "noopener");
  return renderer.renderToken(tokens, index, options);
}

function renderLinkCard(tokens: Token[], index: number): string {
  const card = tokenAt(tokens, index);
  const escapeHtml = md.utils.escapeHtml;
  return (
    `<aside class="link-card"><a href="${escapeHtml(String(card.attrGet("href")))}" rel="nofollow noopener" ` +
    `class="link-card-link"><span class="link-card-site">${escapeHtml(card.info)}</span> ` +
    `<span class="link-card-url">${escapeHtml(card.content)}</span></a></aside>\n`
  );
}
