import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.js";
import { h, renderDocument } from "../views/jsx.js";
import { ErrorPage } from "../views/layout.js";
import type { SiteChrome } from "../views/site.js";
import { wantsJson } from "./wants-json.js";

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Forbidden",
  404: "Page not found",
  409: "Conflict",
  413: "Too large",
  414: "Address too long",
  429: "Too many requests",
  503: "Busy",
};

interface PublicError {
  status: number;
  code: string;
  message: string;
}

/** What the public may learn about an error: never the details of a 5xx. */
function toPublicError(error: FastifyError | AppError): PublicError {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  // SQLite's write lock was held past the event loop's bound (see BUSY_TIMEOUT_MS): nothing was written.
  if (error.code === "SQLITE_BUSY")
    return { status: 503, code: "BUSY", message: "The site is busy saving other changes. Please try again." };
  if (error.validation)
    return { status: 400, code: "BAD_REQUEST", message: `Invalid request: ${error.message}` };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { status, code: error.code ?? "BAD_REQUEST", message: error.message };
  return { status: 500, code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: PublicError,
  loadChrome: () => Promise<SiteChrome>,
) {
  reply.code(error.status).header("cache-control", "no-store");
  if (error.status === 503) reply.header("retry-after", "1");
  // The id of the log line with the stack, for the reader to quote when they report it.
  const message = error.status >= 500 ? `${error.message} (Reference: ${request.id})` : error.message;
  if (wantsJson(request)) return reply.send({ error: { code: error.code, message } });
  const title = TITLES[error.status] ?? (error.status >= 500 ? "Server error" : "Error");
  try {
    const chrome = await loadChrome();
    const page = <ErrorPage chrome={chrome} status={error.status} title={title} message={message} />;
    return reply.type("text/html; charset=utf-8").send(renderDocument(page));
  } catch {
    // The database itself may be what failed; still answer with a page, just a plainer one.
    return reply.type("text/plain; charset=utf-8").send(`${error.status} ${title}`);
  }
}

/**
 * Fastify's `frameworkErrors` option: addresses it rejects before routing (bad percent-encoding, a
 * path segment past `maxParamLength`) get the site's own error page rather than Fastify's bare JSON.
 * The request never reached the onRequest hooks, so the security headers are set here.
 */
export function rejectedAddressHandler(
  loadChrome: () => Promise<SiteChrome>,
  headers: Record<string, string>,
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers);
    const tooLong = error.statusCode === 414;
    const message = tooLong ? "This address is longer than any of ours." : "This address is not valid.";
    return sendError(request, reply, { status: tooLong ? 414 : 400, code: "BAD_URL", message }, loadChrome);
  };
}

/** Where an address that found nothing has moved to, if anywhere (stored redirects, from app.ts). */
export type MissRedirect = (url: string) => Promise<string | undefined>;

const isPublicRead = (request: FastifyRequest) =>
  (request.method === "GET" || request.method === "HEAD") &&
  !request.url.startsWith("/api/") &&
  !request.url.startsWith("/admin/");

export function registerErrorPages(
  app: FastifyInstance,
  loadChrome: () => Promise<SiteChrome>,
  redirectForMiss?: MissRedirect,
): void {
  // Redirects are looked up only here, after a miss, so pages that exist never pay for them.
  async function sendMiss(request: FastifyRequest, reply: FastifyReply, error: PublicError) {
    const target = redirectForMiss && isPublicRead(request) ? await redirectForMiss(request.url) : undefined;
    if (target) return reply.redirect(target, 301);
    return sendError(request, reply, error, loadChrome);
  }
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const publicError = toPublicError(error);
    if (publicError.status >= 500) request.log.error({ err: error }, "request failed");
    if (publicError.status === 404) return sendMiss(request, reply, publicError);
    return sendError(request, reply, publicError, loadChrome);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendMiss(request, reply, {
      status: 404,
      code: "NOT_FOUND",
      message: "There is nothing at this address.",
    }),
  );
}
