import type { MessageKey } from "../i18n/catalog.js";

/** A message of the public pages' catalogs and its values: how an error a reader meets says itself. */
export interface Words {
  readonly key: MessageKey;
  readonly values?: Readonly<Record<string, string | number>>;
}

/**
 * An error the application expects: it has a stable code, the HTTP status it maps to, and a message
 * that is safe to show to the public. Anything else that escapes a handler is a 500 with no details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly privateContext: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The form field the error is about, if any: forms show the message beside that field. */
  field?: string;

  /** The message in the catalogs, for pages to say it in the site's language (see i18n/reader-error.ts). */
  words?: Words;

  /** Names the field the error is about: `throw badRequest("Use letters and dashes.").about("slug")`. */
  about(field: string): this {
    this.field = field;
    return this;
  }
}

/** Use these rather than `new AppError(...)` for the common cases, so each code means one thing. */
export const notFound = (what = "Page", message = `${what} not found`) =>
  new AppError("NOT_FOUND", 404, message);
export const badRequest = (message: string) => new AppError("BAD_REQUEST", 400, message);
export const unauthenticated = () => new AppError("UNAUTHENTICATED", 401, "Sign in to continue.");
export const forbidden = (message = "Your role does not allow this.") =>
  new AppError("FORBIDDEN", 403, message);
