import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type Words } from "../core/errors.js";
import type { MessageKey } from "../i18n/catalog.js";
import { createI18n, type I18n } from "../i18n/i18n.js";
import { h, renderDocument } from "../views/jsx.js";
import { ErrorPage } from "../views/layout.js";
import type { SiteChrome } from "../views/site.js";
import { useSitePolicy } from "./page-response.js";
import { wantsJson } from "./wants-json.js";

const TITLES: Record<number, MessageKey> = {
  400: "error.400",
  403: "error.403",
  404: "error.404",
  409: "error.409",
  413: "error.413",
  414: "error.414",
  429: "error.429",
  503: "error.503",
};

/** The API answers in English whatever the site's language, like the staff area. */
const ENGLISH = createI18n("en", "UTC");

interface PublicError {
  status: number;
  code: string;
  /** In English: the API's words, and the page's when there are no `words`. */
  message: string;
  /** The same message in the catalogs, for pages in the site's language (AppErrors without words stay English). */
  words?: Words | undefined;
}

/** What the public may learn about an error: never the details of a 5xx. */
function toPublicError(error: FastifyError | AppError): PublicError {
  if (error instanceof AppError) {
    // "Article not found" and the like tell a reader no more than the site's own words for a miss.
    const words: Words | undefined = error.status === 404 ? { key: "error.notFound" } : error.words;
    return { status: error.status, code: error.code, message: error.message, words };
  }
  // SQLite's write lock was held past the event loop's bound (see BUSY_TIMEOUT_MS): nothing was written.
  if (error.code === "SQLITE_BUSY")
    return { status: 503, code: "BUSY", message: ENGLISH.t("error.busy"), words: { key: "error.busy" } };
  if (error.validation)
    return { status: 400, code: "BAD_REQUEST", message: `Invalid request: ${error.message}` };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { status, code: error.code ?? "BAD_REQUEST", message: error.message };
  return {
    status: 500,
    code: "INTERNAL",
    message: ENGLISH.t("error.internal"),
    words: { key: "error.internal" },
  };
}

/**
 * An error sent as JSON: the API speaks English, but a reader's mistake on a public page's own form
 * sent by its script (comments.js) is shown to the reader, so it comes in the site's language.
 * Misses and server errors keep their English message (the page's substitutes for them are for pages).
 */
async function jsonMessage(
  request: FastifyRequest,
  error: PublicError,
  loadChrome: () => Promise<SiteChrome>,
): Promise<string> {
  const fromReaderForm = error.words && error.status < 500 && error.status !== 404;
  if (!fromReaderForm || request.url.startsWith("/api/")) return error.message;
  return loadChrome().then(
    (chrome) => chrome.i18n.say(error),
    () => error.message,
  );
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: PublicError,
  loadChrome: () => Promise<SiteChrome>,
) {
  reply.code(error.status).header("cache-control", "no-store");
  // The id of the log line with the stack, for the reader to quote when they report it.
  const withReference = (i18n: I18n, message: string) =>
    error.status >= 500 ? i18n.t("error.reference", { message, id: request.id }) : message;
  if (error.status === 503) reply.header("retry-after", "1");
  if (wantsJson(request)) {
    const message = await jsonMessage(request, error, loadChrome);
    return reply.send({ error: { code: error.code, message: withReference(ENGLISH, message) } });
  }
  const titleKey = TITLES[error.status] ?? (error.status >= 500 ? "error.server" : "error.other");
  try {
    const chrome = await loadChrome();
    const { t } = chrome;
    const page = (
      <ErrorPage
        chrome={chrome}
        status={error.status}
        title={t(titleKey)}
        message={withReference(chrome.i18n, chrome.i18n.say(error))}
      />
    );
    return useSitePolicy(reply, chrome).type("text/html; charset=utf-8").send(renderDocument(page));
  } catch {
    // The database itself may be what failed; still answer with a page, just a plainer one.
    return reply.type("text/plain; charset=utf-8").send(`${error.status} ${ENGLISH.t(titleKey)}`);
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
    const messageKey: MessageKey = tooLong ? "error.addressTooLong" : "error.addressInvalid";
    const publicError = {
      status: tooLong ? 414 : 400,
      code: "BAD_URL",
      message: ENGLISH.t(messageKey),
      words: { key: messageKey },
    };
    return sendError(request, reply, publicError, loadChrome);
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
      message: ENGLISH.t("error.notFound"),
      words: { key: "error.notFound" },
    }),
  );
}
