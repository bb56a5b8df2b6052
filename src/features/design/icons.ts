import { createHash } from "node:crypto";
import { badRequest } from "../../core/errors.js";
import type { MediaStore } from "../../storage/media-store.js";

/** The icons made from the site's icon image: the browser tab's and the iOS home screen's. */
export const ICON_SIZES = { favicon: 32, appleTouch: 180 } as const;

/** Where an uploaded image lives in the media store: its path below /media/. */
const mediaKeyOf = (mediaUrl: string) => mediaUrl.slice("/media/".length);

/** Paths the media library makes: plain names in folders, never `..`, so no read leaves the store. */
const STORED_KEY = /^(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*$/;

/**
 * The store keys of the icons made from `iconUrl`: named after the source's own key, so the URLs are
 * stable for one image and new for another (browsers may keep them as long as they like).
 */
export function iconKeys(iconUrl: string): Record<keyof typeof ICON_SIZES, string> {
  const version = createHash("sha256").update(mediaKeyOf(iconUrl)).digest("hex").slice(0, 16);
  return {
    favicon: `site-icon/${version}-${ICON_SIZES.favicon}.png`,
    appleTouch: `site-icon/${version}-${ICON_SIZES.appleTouch}.png`,
  };
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The icon image at one size: its middle, square, as a PNG. */
const squareIcon = async (data: Buffer, size: number) => {
  const { default: sharp } = await import("sharp");
  return sharp(data, { autoOrient: true })
    .resize(size, size, { fit: "cover", position: "centre" })
    .png()
    .toBuffer();
};

/** Square-crops the icon image (keeping its middle) and stores each size as a PNG beside the uploads. */
export async function makeSiteIcons(media: MediaStore, iconUrl: string): Promise<void> {
  const key = mediaKeyOf(iconUrl);
  const source = STORED_KEY.test(key) ? await media.get(key) : undefined;
  if (!source)
    throw badRequest("Icon: no image at that address; upload it to the media library first.").about(
      "iconUrl",
    );
  const data = await readAll(source.body);
  const names = Object.keys(ICON_SIZES) as (keyof typeof ICON_SIZES)[];
  // Whatever sharp cannot decode is the file's fault, so it is told beside the field; storing is not.
  const icons = await Promise.all(names.map((name) => squareIcon(data, ICON_SIZES[name]))).catch(() => {
    throw badRequest("Icon: that file is not an image sharp can read (use PNG, JPEG or WebP).").about(
      "iconUrl",
    );
  });
  const keys = iconKeys(iconUrl);
  for (const [index, name] of names.entries())
    await media.put(keys[name], icons[index] as Buffer, "image/png");
}
