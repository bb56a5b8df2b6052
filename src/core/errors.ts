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
}

export const notFound = (what = "Page") => new AppError("NOT_FOUND", 404, `${what} not found`);
export const badRequest = (message: string) => new AppError("BAD_REQUEST", 400, message);
