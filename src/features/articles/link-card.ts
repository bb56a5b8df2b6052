import { fetchOutbound, type OutboundLimits, RefusedFetch } from "../../http/outbound-fetch.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import { pickerImage, uploadImage } from "../media/media.service.js";
import { siteNameOf } from "./document/social-networks.js";

/** What an embed block shows: a card linking out (document/doc.render.ts), never the other site's script. */
export interface LinkCard {
  url: string;
  site: string;
  title: string;
  /** A copy in our media library, so a reader's browser never asks the other site for it. */
  image: string | null;
  /** Why the card is a plain one, for the writer; absent when the page's title was found. */
  note?: string;
}

const PAGE_LIMITS = {
  timeoutMs: 4000,
  maxBytes: 512 * 1024,
  maxRedirects: 3,
  accept: "text/html,application/xhtml+xml",
  keepTruncated: true,
};
const IMAGE_LIMITS = { ...PAGE_LIMITS, maxBytes: 8 * 1024 * 1024, accept: "image/*", keepTruncated: false };
const TITLE_MAX_LENGTH = 300;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** og:title and og:image (or their Twitter names, or the <title>) from a page's HTML. */
export function readCardMeta(html: string): { title: string; image: string | null } {
  const meta = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const key = (attribute(tag, "property") ?? attribute(tag, "name"))?.toLowerCase();
    const content = attribute(tag, "content");
    if (key && content !== undefined && !meta.has(key)) meta.set(key, decodeEntities(content).trim());
  }
  const titleTag = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  const title = meta.get("og:title") || meta.get("twitter:title") || decodeEntities(titleTag ?? "").trim();
  const image = meta.get("og:image") || meta.get("og:image:url") || meta.get("twitter:image") || null;
  return { title: Array.from(title.replace(/\s+/g, " ")).slice(0, TITLE_MAX_LENGTH).join(""), image };
}

export interface LinkCardDeps {
  db: Db;
  media: MediaStore;
  now: number;
  uploadedBy: number;
  /** Tests only: lets the fetch reach a local test server (see OutboundLimits). */
  allowAddress?: OutboundLimits["allowAddress"];
}

/** Copies the card's image into the media library; null if it cannot be fetched or is not an image. */
async function copyImage(deps: LinkCardDeps, imageUrl: URL, site: string): Promise<string | null> {
  try {
    const image = await fetchOutbound(imageUrl.toString(), {
      ...IMAGE_LIMITS,
      allowAddress: deps.allowAddress,
    });
    const upload = { data: image.body, originalName: `Link card from ${site}`, alt: "" };
    return pickerImage(await uploadImage(deps.db, deps.media, upload, deps.uploadedBy, deps.now)).url;
  } catch {
    return null;
  }
}

/**
 * The card for an address a writer pasted: the page's title and image when the server can fetch it
 * safely (public addresses only), else a plain card naming the site.
 */
export async function makeLinkCard(deps: LinkCardDeps, address: string): Promise<LinkCard> {
  const url = new URL(address);
  const site = siteNameOf(url);
  const plain = (note: string): LinkCard => ({ url: url.toString(), site, title: "", image: null, note });
  let page: Awaited<ReturnType<typeof fetchOutbound>>;
  try {
    page = await fetchOutbound(url.toString(), { ...PAGE_LIMITS, allowAddress: deps.allowAddress });
  } catch (error) {
    return plain(error instanceof RefusedFetch ? error.message : "The page could not be reached.");
  }
  if (!/html/i.test(page.contentType)) return plain("The address is not a web page.");
  const meta = readCardMeta(page.body.toString("utf8"));
  const imageUrl = meta.image && URL.canParse(meta.image, page.url) ? new URL(meta.image, page.url) : null;
  const image = imageUrl ? await copyImage(deps, imageUrl, site) : null;
  if (!meta.title) return { ...plain("The page has no title."), image };
  return { url: url.toString(), site, title: meta.title, image };
}
