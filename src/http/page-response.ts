import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../core/errors.js";
import { type Html, renderDocument } from "../views/jsx.js";
import type { SiteChrome } from "../views/site.js";
import {
  compress,
  type Encoding,
  etagFor,
  MIN_COMPRESSIBLE_BYTES,
  negotiateEncoding,
} from "./compression.js";
import type { CachedPage } from "./page-cache.js";

/**
 * Sends a shared public page. Browsers and proxies may keep it but must revalidate each time
 * (`no-cache`), which costs them a 304 when nothing changed.
 */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage | null,
  live: LiveContent | readonly LiveContent[] = [],
) {
  return sendCachedDocument(request, reply, page, { contentType: "text/html; charset=utf-8", live });
}

/**
 * Any cached document (a page, a feed, a sitemap) with its validators; a fresh copy answers 304.
 * Readers that accept brotli or gzip get a compressed copy, the others the plain one, each made once
 * and kept with the page (for a page with live parts: once per state of those parts), never once per
 * request.
 */
export function sendCachedDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage | null,
  options: { contentType: string; live?: LiveContent | readonly LiveContent[] },
) {
  if (!page) throw notFound();
  const { live = [] } = options;
  const holes = Array.isArray(live) ? live : [live as LiveContent];
  // The live parts' own tags join the page's, so the ETag changes when any of them does.
  const liveTag = page.tail && holes.length > 0 ? holes.map((hole) => hole.tag).join(".") : undefined;
  const baseEtag = liveTag === undefined ? page.etag : `${page.etag.slice(0, -1)}.${liveTag}"`;
  const size = page.body.length + (page.tail?.reduce((sum, part) => sum + part.length, 0) ?? 0);
  const encoding =
    size >= MIN_COMPRESSIBLE_BYTES ? negotiateEncoding(request.headers["accept-encoding"]) : undefined;
  const etag = etagFor(baseEtag, encoding);
  reply
    .header("content-type", options.contentType)
    .header("cache-control", "no-cache")
    .header("vary", "accept-encoding")
    .header("etag", etag);
  if (page.lastModified !== undefined) reply.header("last-modified", httpDate(page.lastModified));
  if (page.contentSecurityPolicy) reply.header("content-security-policy", page.contentSecurityPolicy);
  if (isFresh(request, etag, page.lastModified)) return reply.code(304).send();
  if (!page.copies || page.copies.liveTag !== liveTag) page.copies = { liveTag };
  const copies = page.copies;
  const coding = encoding ?? "identity";
  const kept = copies[coding];
  if (kept) return sendEncoded(reply, kept, encoding);
  // Live parts change far more often than the page, so their copies get the quicker setting.
  const level = liveTag === undefined ? "stored" : "live";
  const plain = copies.identity ?? withLiveParts(page, holes);
  const body = encoding ? compress(plain, encoding, level) : plain;
  copies[coding] = body;
  page.copiesChanged?.();
  return sendEncoded(reply, body, encoding);
}

const sendEncoded = (reply: FastifyReply, body: Buffer, encoding: Encoding | undefined) =>
  encoding ? reply.header("content-encoding", encoding).send(body) : reply.send(body);

/** The page with each hole filled by its live part, in order. */
function withLiveParts(page: CachedPage, holes: readonly LiveContent[]): Buffer {
  if (!page.tail) return page.body;
  const chunks = [page.body];
  for (const [index, after] of page.tail.entries()) {
    const hole = holes[index];
    chunks.push(hole === undefined ? EMPTY : "bytes" in hole ? hole.bytes : Buffer.from(hole.html), after);
  }
  return Buffer.concat(chunks);
}

const EMPTY = Buffer.alloc(0);

const httpDate = (epochMs: number) => new Date(epochMs).toUTCString();

/**
 * RFC 9110 §13.2.2: If-None-Match wins when present (any listed tag, weak or strong, matches);
 * otherwise If-Modified-Since, to the second, since HTTP dates have no milliseconds.
 */
function isFresh(request: FastifyRequest, etag: string, lastModified: number | undefined): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch === etag) return true;
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === "*" || tag === etag);
  }
  const ifModifiedSince = request.headers["if-modified-since"];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}

/**
 * What fills a cached page's hole on this request, and a short tag that changes whenever it does. A live
 * part kept for many requests is kept encoded: its bytes are sent as they are, and they live outside
 * the JavaScript heap, where the collector never has to copy them.
 */
export type LiveContent = { tag: string } & ({ html: string } | { bytes: Buffer });

/**
 * Gives a public page rendered outside the page cache the site's CSP when it differs from the default
 * (the owner's injected code, decision 0047); cached pages carry theirs in the cache entry.
 */
export function useSitePolicy(reply: FastifyReply, chrome: SiteChrome): FastifyReply {
  return chrome.contentSecurityPolicy
    ? reply.header("content-security-policy", chrome.contentSecurityPolicy)
    : reply;
}

/**
 * A page made for one visitor (their account, a confirmation): rendered with the site chrome on each
 * request and never stored by any cache.
 */
export async function sendPersonalPage(
  reply: FastifyReply,
  loadChrome: () => Promise<SiteChrome>,
  render: (chrome: SiteChrome) => Html,
  status = 200,
) {
  const chrome = await loadChrome();
  return useSitePolicy(reply, chrome)
    .code(status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(renderDocument(render(chrome)));
}
