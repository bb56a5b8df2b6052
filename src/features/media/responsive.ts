/**
 * How the resized copies of a library image are named, in one place, so that a public page can
 * build a `srcset` from an image's URL and width alone, without asking the database.
 *
 * An upload with file key "2026/11/AbC…" has, for every width in `variantWidthsFor(width)`,
 * "/media/2026/11/AbC…-640.webp" and "/media/2026/11/AbC…-640.jpg" (".png" when it is transparent).
 */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;

export type FallbackExt = "jpg" | "png";
export type VariantExt = FallbackExt | "webp";

/** The type of the copies offered to browsers without WebP: PNG only for transparent images. */
export const FALLBACK_CONTENT_TYPES: Record<FallbackExt, string> = { jpg: "image/jpeg", png: "image/png" };

/**
 * The widths made for an image this wide: every standard width that needs no enlarging, or the
 * image's own width when it is narrower than all of them. Changing this rule orphans the srcset of
 * every earlier upload, so it is used both when the copies are made and when pages list them.
 */
export function variantWidthsFor(width: number): number[] {
  const fitting = VARIANT_WIDTHS.filter((candidate) => candidate <= width);
  return fitting.length > 0 ? fitting : [width];
}

/** Where a copy lives, relative to MEDIA_DIR (which is served under /media/). */
export const mediaFileName = (fileKey: string, width: number, ext: VariantExt) =>
  `${fileKey}-${width}.${ext}`;

export const mediaUrl = (fileKey: string, width: number, ext: VariantExt) =>
  `/media/${mediaFileName(fileKey, width, ext)}`;

export interface MediaUrlParts {
  fileKey: string;
  width: number;
  ext: VariantExt;
}

const MEDIA_URL = /^\/media\/(\d{4}\/\d{2}\/[A-Za-z0-9_-]+)-([1-9]\d{0,4})\.(webp|jpg|png)$/;

/** The parts of a library copy's URL, or null for any other image (demo pictures, other sites). */
export function parseMediaUrl(url: string): MediaUrlParts | null {
  const match = MEDIA_URL.exec(url);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { fileKey: match[1], width: Number(match[2]), ext: match[3] as VariantExt };
}

export const srcsetFor = (fileKey: string, widths: readonly number[], ext: VariantExt) =>
  widths.map((width) => `${mediaUrl(fileKey, width, ext)} ${width}w`).join(", ");

/**
 * The size of the file an image URL serves. A library copy's width is in its name; an article saved
 * before sizes were taken from the copy may still hold the original's (1600 for a 1280-px copy), so
 * the height is scaled in proportion. Any other image keeps the size stored with it.
 */
export function servedSize(
  url: string,
  width: number | null,
  height: number | null,
): { width: number | null; height: number | null } {
  const copy = parseMediaUrl(url);
  if (!copy || !width || !height || width === copy.width) return { width, height };
  return { width: copy.width, height: Math.round((height * copy.width) / width) };
}

/** The copies a library image's `srcset`s list: every standard width up to the copy the URL names. */
export function libraryCopies(url: string): { fileKey: string; widths: number[]; ext: VariantExt } | null {
  const copy = parseMediaUrl(url);
  return copy && { fileKey: copy.fileKey, widths: variantWidthsFor(copy.width), ext: copy.ext };
}
