import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { API_PREFIX, ApiError, type CookieScheme } from "../../http/api-contract.js";

/**
 * The OpenAPI document, generated from the schemas of every route under /api/v1 (the Content API
 * and the votes API): the schemas the routes validate and serialise with, so it cannot drift.
 * MUST be registered before those routes: it learns them as they are added.
 * Features that need credentials register their scheme here (e.g. the votes' voter cookie).
 */
export async function registerApiDocs(
  app: FastifyInstance,
  siteUrl: string,
  securitySchemes: Record<string, CookieScheme>,
): Promise<void> {
  app.addSchema(ApiError);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Masthead Content API",
        version: "1.0.0",
        description:
          "Published articles, sections, search and reader votes as JSON. Reading needs no credentials; " +
          "voting needs the voter cookie. Every error is `{ error: { code, message } }`.",
        license: { name: "MIT", url: "https://opensource.org/license/mit" },
      },
      servers: [{ url: siteUrl }],
      // The API is public: no operation needs credentials unless it declares its own scheme.
      security: [],
      components: { securitySchemes },
    },
    // Shared schemas keep their own names (`ApiError`), not `def-0`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Only the public API belongs in the document; pages, feeds and the staff area do not.
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: Boolean(schema?.hide) || !url.startsWith(`${API_PREFIX}/`) },
      url,
    }),
  });
}
