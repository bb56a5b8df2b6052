import type { FastifyRequest } from "fastify";
import { AppError } from "../core/errors.js";

/**
 * CSRF defence for forms on shared, cached public pages (which can hold no per-reader token):
 * browsers label every cross-site request with `Sec-Fetch-Site` and `Origin`, so a request that
 * says it comes from another site is refused. Requests with neither header (non-browser clients)
 * cannot carry a victim's cookies, so they pass.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const fetchSite = request.headers["sec-fetch-site"];
  // Browsers that send Sec-Fetch-Site set it themselves, so it settles the question on its own.
  if (fetchSite !== undefined) {
    if (fetchSite === "same-origin" || fetchSite === "none") return;
    throw crossSite();
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!sameHost(origin, request.headers.host)) throw crossSite();
}

/** Compares hosts as URLs do, so "localhost:80" and "http://localhost" count as one. */
function sameHost(origin: string, hostHeader: string | undefined): boolean {
  try {
    const from = new URL(origin);
    return hostHeader !== undefined && new URL(`${from.protocol}//${hostHeader}`).host === from.host;
  } catch {
    return false;
  }
}

const crossSite = () =>
  new AppError("CROSS_SITE", 403, "This form can only be sent from this site's own pages.");
