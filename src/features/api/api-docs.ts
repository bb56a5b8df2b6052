import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

export const API_PREFIX = "/api/v1";

/**
 * The OpenAPI document, generated from the schemas of every route under /api/v1 (the Content API
 * and the votes API). MUST be registered before those routes: it learns them as they are added.
 */
export async function registerApiDocs(app: FastifyInstance, siteUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Masthead Content API",
        version: "1.0.0",
        description:
          "Read-only JSON for published articles, sections and search; errors are `{ error: { code, message } }`.",
      },
      servers: [{ url: siteUrl }],
    },
    // Only the public API belongs in the document; pages, feeds and the staff area do not.
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: Boolean(schema?.hide) || !url.startsWith(`${API_PREFIX}/`) },
      url,
    }),
  });
}
