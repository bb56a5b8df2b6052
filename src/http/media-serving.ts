import fastifyStatic from "@fastify/static";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../core/errors.js";
import type { MediaStore } from "../storage/media-store.js";

// Uploaded files never change under one name.
const FOREVER = "public, max-age=31536000, immutable";
// What the media library writes: yyyy/mm/name-width.ext, and the demo's demo/name.ext.
const MediaPath = Type.Object({
  "*": Type.String({ pattern: "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z]{2,4}$" }),
});

/** GET /media/…: from the folder, read from the store, or redirected to MEDIA_BASE_URL. */
export async function registerMediaServing(app: FastifyInstance, store: MediaStore): Promise<void> {
  const { serving } = store;
  if (serving.kind === "folder") {
    await app.register(fastifyStatic, {
      root: serving.dir,
      prefix: "/media/",
      maxAge: "365d",
      immutable: true,
      index: false,
    });
    return;
  }
  app.get<{ Params: Static<typeof MediaPath> }>(
    "/media/*",
    { schema: { params: MediaPath } },
    async (request, reply) => {
      const key = request.params["*"];
      if (serving.kind === "redirect") {
        return reply.header("cache-control", FOREVER).redirect(`${serving.baseUrl}/${key}`, 301);
      }
      const file = await serving.read(key);
      if (!file) throw notFound("File");
      reply.header("cache-control", FOREVER).type(file.contentType);
      if (file.bytes !== undefined) reply.header("content-length", file.bytes);
      return reply.send(file.body);
    },
  );
}
