import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * A strict Content-Security-Policy: only our own scripts, styles and images. Public pages need no
 * inline script (JSON-LD is data, which CSP does not execute) and no third-party embeds.
 */
export const PUBLIC_CSP_DIRECTIVES: Readonly<Record<string, string[]>> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: PUBLIC_CSP_DIRECTIVES },
  // Article images may be shown by other sites' feed readers and cards.
  crossOriginResourcePolicy: { policy: "cross-origin" },
  // Not helmet's "no-referrer": under it browsers send `Origin: null` even on same-site form posts,
  // which would blind the Origin check that guards reader forms (same-origin.ts).
  referrerPolicy: { policy: "strict-origin-when-cross-origin" },
};

/** Runs helmet once against a recording response to learn the headers it would set. */
export function computeSecurityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * Helmet's headers on every response. Our options never depend on the request, so they are
 * computed once: running helmet per request cost 42% of the throughput of a cached page
 * (docs/decisions/0003-security-headers.md).
 */
export const SECURITY_HEADERS = computeSecurityHeaders();

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
