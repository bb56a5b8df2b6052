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
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage | null) {
  if (!page) throw notFound();
  reply
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-cache")
    .header("etag", page.etag);
  if (request.headers["if-none-match"] === page.etag) return reply.code(304).send();
  return reply.send(page.body);
}
