import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../core/errors.js";
import { isSlug } from "../core/slug.js";

/**
 * Slugs are lowercase, but people retype addresses from print and links get "corrected" by mail
 * programs: an address whose slug has capitals (`/Council-Passes-Budget/`, `/category/Politics/`,
 * `/tag/Water/rss.xml`) answers 301 to the same address with the slug lowercased, query kept, without
 * a database lookup (decision 0029). A slug that is not one even lowercased is not found.
 */
export function redirectToLowercaseSlug(
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  pathOf: (slug: string) => string,
  what?: string,
) {
  const lowercase = slug.toLowerCase();
  if (lowercase === slug || !isSlug(lowercase)) throw notFound(what);
  const query = request.url.indexOf("?");
  return reply.redirect(pathOf(lowercase) + (query === -1 ? "" : request.url.slice(query)), 301);
}
