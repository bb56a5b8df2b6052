import { Type } from "@sinclair/typebox";
import { notFound } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { sendCachedDocument } from "../../http/page-response.js";
import type { Router } from "../../http/schemas.js";
import { renderRobots, SITEMAP_TYPES } from "./sitemap.js";
import { buildSitemapFile, buildSitemapIndex } from "./sitemap.service.js";

const XML = "application/xml; charset=utf-8";
const FilePage = Type.Object({ page: Type.String({ pattern: "^[1-9][0-9]{0,5}$" }) });

/** `/robots.txt`, the sitemap index at `/sitemap.xml` and one sitemap file per type and 1,000 URLs. */
export async function seoRoutes(app: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const options = () => ({ siteUrl: ctx.config.siteUrl, now: ctx.clock() });

  app.get("/robots.txt", async (_request, reply) =>
    reply
      .header("content-type", "text/plain; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(renderRobots(ctx.config.siteUrl)),
  );

  app.get("/sitemap.xml", async (request, reply) => {
    const index = await ctx.pageCache.get("sitemap:index", async () => ({
      body: await buildSitemapIndex(db, options()),
    }));
    return sendCachedDocument(request, reply, index, { contentType: XML });
  });

  for (const type of SITEMAP_TYPES) {
    app.get(`/sitemap-${type}-:page.xml`, { schema: { params: FilePage } }, async (request, reply) => {
      const page = Number(request.params.page);
      const file = await ctx.pageCache.get(`sitemap:${type}:${page}`, async () => {
        const body = await buildSitemapFile(db, { type, page }, options());
        return body === null ? null : { body };
      });
      if (!file) throw notFound("Sitemap");
      return sendCachedDocument(request, reply, file, { contentType: XML });
    });
  }
}
