import type { FastifyRequest } from "fastify";

/**
 * The one rule for "does this client want JSON": everything under `/api/`, and any request whose
 * `Accept` header asks for JSON (our own scripts' fetch calls). Browsers' form posts and page loads
 * ask for HTML, so they get pages. The error handler and every route that can answer both use this.
 */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith("/api/") || (request.headers.accept ?? "").includes("application/json");
}
