import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../core/errors.js";
import type { CachedPage } from "./page-cache.js";

/**
 * `?page=N` on every paginated list: at most five digits, so a silly number is a 400 and a page past
 * the end a 404. A pattern, not an integer schema, because Ajv coerces a 400-digit string to Infinity
 * and lets it through.
 */
export const PageQuery = Type.Object({ page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })) });

export const pageNumber = (query: { page?: string }) => Number(query.page ?? "1");

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
  if (!page) throw notFound();
  const holes = Array.isArray(live) ? live : [live as LiveContent];
  // The live parts' own tags join the page's, so the ETag changes when any of them does.
  const etag =
    page.tail && holes.length > 0
      ? `${page.etag.slice(0, -1)}.${holes.map((hole) => hole.tag).join(".")}"`
      : page.etag;
  reply
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-cache")
    .header("etag", etag);
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  if (!page.tail) return reply.send(page.body);
  const chunks = [page.body];
  for (const [index, after] of page.tail.entries()) {
    const hole = holes[index];
    chunks.push(hole?.bytes ?? Buffer.from(hole?.html ?? ""), after);
  }
  return reply.send(Buffer.concat(chunks));
}

/** What fills a cached page's hole on this request, and a short tag that changes whenever it does. */
export interface LiveContent {
  html: string;
  tag: string;
  /** The html already encoded, when the same live part is sent to many requests. */
  bytes?: Buffer;
}
