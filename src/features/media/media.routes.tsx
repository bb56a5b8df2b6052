import fastifyMultipart from "@fastify/multipart";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { AppError, badRequest } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfField, CsrfOnlyBody, IdParams, type Router } from "../../http/schemas.js";
import { strictValidatorCompiler } from "../../http/strict-validation.js";
import { wantsJson } from "../../http/wants-json.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { SiteSettingsSchema } from "../settings/settings.js";
import type { NewUpload } from "./media.js";
import {
  deleteImage,
  listMedia,
  pickerImage,
  updateAltText,
  uploadImage,
  uploadLimitBytes,
} from "./media.service.js";
import { formatBytes, MediaLibraryPage } from "./views/media-library.js";

/** Multipart's own cap, whatever the setting says: the most the uploadMaxBytes setting may allow. */
const HARD_CAP_BYTES = SiteSettingsSchema.properties.uploadMaxBytes.maximum as number;

const UploadQuery = CsrfOnlyBody;
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const AltBody = Type.Object({ alt: Type.String({ maxLength: 500 }), ...CsrfField });
const DeleteBody = CsrfOnlyBody;
const PickerItems = Type.Array(
  Type.Object({
    id: Type.Integer(),
    url: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    alt: Type.String(),
  }),
);

const MULTIPART_LIMIT_ERRORS = new Set(["FST_FILES_LIMIT", "FST_FIELDS_LIMIT", "FST_PARTS_LIMIT"]);

/**
 * The alt text and the one file of an upload form. The file is held in memory, never on disk, and
 * only up to `maxBytes`: past that the rest is read and dropped, so the browser still gets our answer.
 */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<NewUpload> {
  if (!request.isMultipart()) throw badRequest("Send the image as a file upload (multipart/form-data).");
  let alt = "";
  let file: { name: string; chunks: Buffer[]; size: number; truncated: boolean } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === "field") {
        if (part.fieldname === "alt") alt = String(part.value);
        continue;
      }
      // A part without a filename (e.g. from a script) comes with none at all, despite the type.
      file = { name: part.filename ?? "", chunks: [], size: 0, truncated: false };
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        file.size += chunk.length;
        if (file.size <= maxBytes) file.chunks.push(chunk);
        else file.chunks = [];
      }
      file.truncated = part.file.truncated;
    }
  } catch (error) {
    if (MULTIPART_LIMIT_ERRORS.has((error as { code?: unknown }).code as string)) {
      throw badRequest("Upload one image at a time, with its alt text.");
    }
    throw error;
  }
  // A browser sends an empty part with no name when no file was chosen.
  if (!file || (!file.name && file.size === 0)) throw badRequest("Choose an image file to upload.");
  if (file.truncated || file.size > maxBytes) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      413,
      `The file is larger than the ${formatBytes(maxBytes)} upload limit.`,
    );
  }
  return { data: Buffer.concat(file.chunks), originalName: file.name, alt };
}

/** The media library under /admin/media/: browse and search, upload, describe, delete, and a picker feed. */
export async function mediaRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  // Its own scope, so that multipart bodies are accepted by these routes only.
  await admin.register(async (media: Router) => {
    await media.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: HARD_CAP_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
    });

    media.get("/media/", { schema: { querystring: SearchQuery } }, async (request, reply) => {
      const q = request.query.q ?? "";
      const [listing, uploadMaxBytes, view] = await Promise.all([
        listMedia(db, { q, page: request.query.page ?? 1 }),
        uploadLimitBytes(db),
        adminView(ctx, request, reply),
      ]);
      return sendAdminPage(
        reply,
        <MediaLibraryPage view={view} listing={listing} q={q} uploadMaxBytes={uploadMaxBytes} />,
      );
    });

    media.get(
      "/media.json",
      // JSON for the editor's picker: validated as strictly as the public API.
      {
        schema: { querystring: SearchQuery, response: { 200: PickerItems } },
        validatorCompiler: strictValidatorCompiler,
      },
      async (request) => {
        const listing = await listMedia(db, { q: request.query.q ?? "", page: request.query.page ?? 1 });
        return listing.items.map(pickerImage);
      },
    );

    media.post("/media/", { schema: { querystring: UploadQuery } }, async (request, reply) => {
      const staff = currentStaff(request);
      requirePermission(staff.role, { kind: "media.upload" });
      const upload = await readUpload(request, await uploadLimitBytes(db));
      const item = await uploadImage(db, ctx.media, upload, staff.id, ctx.clock());
      // The article editor uploads dropped and pasted images by script and needs the copy's URL and size.
      if (wantsJson(request)) {
        return pickerImage(item);
      }
      return reply.redirect("/admin/media/?notice=uploaded", 303);
    });

    media.post("/media/:id/alt", { schema: { params: IdParams, body: AltBody } }, async (request, reply) => {
      await updateAltText(db, request.params.id, request.body.alt);
      return reply.redirect("/admin/media/?notice=saved", 303);
    });

    media.post(
      "/media/:id/delete",
      { schema: { params: IdParams, body: DeleteBody } },
      async (request, reply) => {
        requirePermission(currentStaff(request).role, { kind: "media.delete" });
        await deleteImage(db, ctx.media, request.params.id);
        return reply.redirect("/admin/media/?notice=deleted", 303);
      },
    );
  });
}
