import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Metadata } from "sharp";
import { AppError, badRequest, notFound } from "../../core/errors.js";
import { pageOf } from "../../core/paging.js";
import type { MediaStore } from "../../storage/media-store.js";
import type { Db } from "../../storage/storage.js";
import { countArticlesUsingImage } from "../articles/article.media-usage.js";
import { getSiteSettings } from "../settings/settings.js";
import type { MediaItem, MediaListing, MediaSearch, NewUpload } from "./media.js";
import {
  deleteMediaRow,
  findMediaById,
  findMediaByKey,
  insertMedia,
  searchMedia,
  updateMediaAlt,
} from "./media.repository.js";
import {
  FALLBACK_CONTENT_TYPES,
  type FallbackExt,
  mediaFileName,
  mediaUrl,
  parseMediaUrl,
  type VariantExt,
  variantWidthsFor,
} from "./responsive.js";

// Nothing in this file marks content as changed: an article copies an image's URL and alt text when
// it uses it, and an image in use cannot be deleted, so no public page shows a media row.

export const MEDIA_PAGE_SIZE = 48;
const ALT_MAX_LENGTH = 500;
const NAME_MAX_LENGTH = 300;
/** Room for a 48-megapixel phone photo and more; a small file that decodes to more is likely a bomb. */
const MAX_INPUT_PIXELS = 64_000_000;

const CONTENT_TYPES: Record<VariantExt, string> = { ...FALLBACK_CONTENT_TYPES, webp: "image/webp" };

const notAccepted = () => badRequest("Not an image we accept (JPEG, PNG, WebP, GIF).");

export async function uploadLimitBytes(db: Db): Promise<number> {
  return (await getSiteSettings(db)).uploadMaxBytes;
}

interface Copy {
  width: number;
  ext: VariantExt;
}

const copiesOf = (widths: readonly number[], fallbackExt: FallbackExt): Copy[] =>
  widths.flatMap((width) => [
    { width, ext: "webp" as const },
    { width, ext: fallbackExt },
  ]);

/**
 * The format is what sharp finds in the bytes, never the file's name or declared type. SVG is
 * refused because it is a document that can carry scripts; AVIF is the AV1 kind of HEIF (HEIC is not
 * something browsers show).
 */
async function readImageMetadata(data: Buffer): Promise<Metadata> {
  if (data.length === 0) throw notAccepted();
  // libvips is loaded with the first image handled, not with the server (tens of MB of RSS).
  const { default: sharp } = await import("sharp");
  // Only the header is read here, so sharp's own pixel limit can wait for the decoding and our
  // check below can say what is wrong.
  const metadata = await sharp(data, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw notAccepted();
    });
  const { format, compression } = metadata;
  const accepted =
    format === "jpeg" ||
    format === "png" ||
    format === "webp" ||
    format === "gif" ||
    (format === "heif" && compression === "av1");
  if (!accepted) throw notAccepted();
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw badRequest(`The image has too many pixels: at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`);
  }
  return metadata;
}

interface RenderedCopy extends Copy {
  body: Buffer;
}

/**
 * Every copy, upright (EXIF orientation applied) and without metadata, so the GPS position and
 * camera serial number in a reporter's photo never reach the public. Animations keep their first frame.
 */
async function renderCopies(data: Buffer, metadata: Metadata) {
  const { default: sharp } = await import("sharp");
  const image = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true });
  const { width, height } = metadata.autoOrient;
  try {
    const transparent = metadata.hasAlpha && !(await image.clone().stats()).isOpaque;
    const fallbackExt: FallbackExt = transparent ? "png" : "jpg";
    const widths = variantWidthsFor(width);
    const copies = await Promise.all(
      copiesOf(widths, fallbackExt).map(async (copy): Promise<RenderedCopy> => {
        const resized = image.clone().resize({ width: copy.width });
        const encoded =
          copy.ext === "webp"
            ? resized.webp({ quality: 80 })
            : copy.ext === "png"
              ? resized.png({ compressionLevel: 9 })
              : resized.jpeg({ quality: 82, mozjpeg: true });
        return { ...copy, body: await encoded.toBuffer() };
      }),
    );
    return { width, height, fallbackExt, widths, copies };
  } catch {
    // The header was fine but the pixels are not: a truncated or corrupt file.
    throw badRequest("The image could not be read; the file may be damaged or cut short.");
  }
}

/** Browsers may send a path ("C:\fakepath\x.png"); we keep the last part, for display and search only. */
function displayName(originalName: string): string {
  const name = (originalName.split(/[\\/]/).pop() ?? "").replace(/\p{Cc}/gu, "").trim();
  return Array.from(name).slice(0, NAME_MAX_LENGTH).join("") || "image";
}

function checkedAlt(alt: string): string {
  const trimmed = alt.trim();
  if (Array.from(trimmed).length > ALT_MAX_LENGTH) {
    throw badRequest(`Alt text is at most ${ALT_MAX_LENGTH} characters.`);
  }
  return trimmed;
}

/**
 * Stores an uploaded image as responsive copies under yyyy/mm/ in the media store and records it. The
 * files are written first and removed again if anything fails, so a row never points at missing files.
 */
export async function uploadImage(
  db: Db,
  store: MediaStore,
  upload: NewUpload,
  /** The staff member uploading; null for an import run from the command line. */
  uploadedBy: number | null,
  now: number,
): Promise<MediaItem> {
  const alt = checkedAlt(upload.alt);
  const rendered = await renderCopies(upload.data, await readImageMetadata(upload.data));
  const date = new Date(now);
  const month = `${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
  const fileKey = `${month}/${randomBytes(12).toString("base64url")}`;
  const written: string[] = [];
  try {
    for (const copy of rendered.copies) {
      const key = mediaFileName(fileKey, copy.width, copy.ext);
      written.push(key);
      await store.put(key, copy.body, CONTENT_TYPES[copy.ext]);
    }
    return await insertMedia(db, {
      file_key: fileKey,
      original_name: displayName(upload.originalName),
      content_type: FALLBACK_CONTENT_TYPES[rendered.fallbackExt],
      bytes: upload.data.length,
      width: rendered.width,
      height: rendered.height,
      variant_widths: rendered.widths.join(","),
      alt,
      uploaded_by: uploadedBy,
      created_at: now,
    });
  } catch (error) {
    await store.delete(written);
    throw error;
  }
}

export async function listMedia(db: Db, search: MediaSearch): Promise<MediaListing> {
  const rows = await searchMedia(db, {
    q: search.q.trim(),
    limit: MEDIA_PAGE_SIZE + 1,
    offset: (search.page - 1) * MEDIA_PAGE_SIZE,
  });
  return { ...pageOf(rows, MEDIA_PAGE_SIZE), page: search.page };
}

export async function updateAltText(db: Db, id: number, alt: string): Promise<void> {
  if (!(await updateMediaAlt(db, id, checkedAlt(alt)))) throw notFound("Image");
}

/** Deletes an image and all its copies, unless an article (published or not) still shows one of them. */
export async function deleteImage(db: Db, store: MediaStore, id: number): Promise<void> {
  const item = await findMediaById(db, id);
  if (!item) throw notFound("Image");
  const copies = copiesOf(item.variantWidths, item.fallbackExt);
  const urls = copies.map((c) => mediaUrl(item.fileKey, c.width, c.ext));
  if (urls.includes((await getSiteSettings(db)).logoUrl)) {
    throw new AppError(
      "MEDIA_IN_USE",
      409,
      "Not deleted: this image is the site's logo. Choose another logo first.",
    );
  }
  const users = await countArticlesUsingImage(db, ...urls);
  if (users > 0) {
    const articles = users === 1 ? "1 article uses" : `${users} articles use`;
    throw new AppError("MEDIA_IN_USE", 409, `Not deleted: ${articles} this image. Remove it there first.`);
  }
  if (!(await deleteMediaRow(db, id))) throw notFound("Image");
  await store.delete(copies.map((c) => mediaFileName(item.fileKey, c.width, c.ext)));
}

/** An image as pickers offer it: the URL of its largest copy, with that copy's own size (the file served). */
export function pickerImage(item: MediaItem) {
  const width = Math.max(...item.variantWidths);
  return {
    id: item.id,
    url: item.url,
    width,
    height: Math.round((item.height * width) / item.width),
    alt: item.alt,
  };
}

/**
 * Width and height of the file a /media/ URL serves: for a library copy from its record, for any other
 * file under MEDIA_DIR (demo pictures) from the file itself; null for images on other sites or missing files.
 */
export async function imageSizeOf(
  db: Db,
  mediaDir: string,
  url: string,
): Promise<{ width: number; height: number } | null> {
  const parts = parseMediaUrl(url);
  const item = parts && (await findMediaByKey(db, parts.fileKey));
  if (parts && item)
    return { width: parts.width, height: Math.round((item.height * parts.width) / item.width) };
  const path = /^\/media\/((?:[\w-]+\/)*[\w-]+\.(?:jpg|jpeg|png|webp))$/i.exec(url)?.[1];
  if (!path) return null;
  const { default: sharp } = await import("sharp");
  const metadata = await sharp(join(mediaDir, path))
    .metadata()
    .catch(() => null);
  if (!metadata?.width || !metadata.height) return null;
  // EXIF orientations 5–8 turn the picture a quarter, as browsers show it.
  const turned = (metadata.orientation ?? 1) >= 5;
  return turned
    ? { width: metadata.height, height: metadata.width }
    : { width: metadata.width, height: metadata.height };
}
