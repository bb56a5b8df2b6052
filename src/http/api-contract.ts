import { Type } from "@sinclair/typebox";

/** Every JSON API route lives under this prefix; it is validated strictly and documented. */
export const API_PREFIX = "/api/v1";

/** The one error body of the JSON API: every 4xx of every operation answers with it. */
export const ApiError = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: "Stable, machine-readable, e.g. NOT_FOUND or TOO_MANY_VOTES." }),
        message: Type.String({ description: "Plain words a person can read; may change." }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: "ApiError", additionalProperties: false },
);

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const USUAL_CAUSE: Record<ErrorStatus, string> = {
  400: "A parameter or body field has the wrong type, form or range; types are never coerced.",
  401: "The credentials this operation needs are missing.",
  403: "The request came from another site's page (Origin or Sec-Fetch-Site).",
  404: "Nothing published matches.",
  409: "Another request changed the same thing at the same moment; nothing was written. Send it again.",
  413: "The body is larger than this operation accepts.",
  415: "The body is not `application/json`.",
  429: "Too many requests from this client; wait a minute.",
};

/**
 * The error answers of one operation, each the shared `ApiError` body, with why it happens
 * (the usual cause unless the operation says better). Fastify serialises them; OpenAPI shows them.
 */
export function errorResponses(
  statuses: readonly ErrorStatus[],
  causes: Partial<Record<ErrorStatus, string>> = {},
): Record<number, { $ref: string; description: string }> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { $ref: "ApiError#", description: causes[status] ?? USUAL_CAUSE[status] },
    ]),
  );
}

/**
 * Statuses an operation gives only when another request races it (`x-race-only` in the document):
 * documented for clients, and exempt from the contract test's rule that every documented status be
 * produced on demand.
 */
export const raceOnly = (...statuses: ErrorStatus[]) => ({ "x-race-only": statuses.map(String) });

/** For GETs answered with an ETag: the client's copy is still current. */
export const notModified = {
  304: { type: "null", description: "Unchanged since the ETag sent in If-None-Match; no body." },
} as const;

/** Credentials a browser holds in a cookie, as OpenAPI describes them. */
export interface CookieScheme {
  type: "apiKey";
  in: "cookie";
  name: string;
  description: string;
}

/**
 * `{slug}` of a published article. The examples are documentation and the contract test's input:
 * `found` names an article of the test newsroom, `missing` one that answers 404.
 */
export const ArticleSlugParams = Type.Object(
  {
    slug: Type.String({
      maxLength: 200,
      description: "The article's slug, as in its URL.",
      "x-examples": { found: { value: "council-budget-passes" }, missing: { value: "no-such-article" } },
    }),
  },
  { additionalProperties: false },
);
