import type { FastifyInstance } from "fastify";
import type { SiteChrome } from "../../views/site.js";

/**
 * The theme stylesheet at its versioned URL (/theme/<hash>.css), kept by browsers for a year: a change
 * of design is a new URL in the next render of every page. An old URL is gone (404), like an old asset;
 * so is any URL while the design is the default (no stylesheet is linked then).
 */
export function registerThemeStylesheet(app: FastifyInstance, loadChrome: () => Promise<SiteChrome>): void {
  app.get<{ Params: { file: string } }>("/theme/:file", async (request, reply) => {
    const { theme } = await loadChrome();
    if (!theme.url || theme.url !== `/theme/${request.params.file}`) return reply.callNotFound();
    return reply
      .header("content-type", "text/css; charset=utf-8")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(theme.css);
  });
}
