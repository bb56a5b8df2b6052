import type { Config } from "../config.js";
import { localMediaStore } from "./local-media-store.js";
import type { MediaStore } from "./media-store.js";

/**
 * The media store the settings name: MEDIA_DIR on this machine, or the MEDIA_STORAGE bucket. The S3
 * store (and with it the AWS SDK) is loaded only for a bucket: a site on local disk never needs it.
 */
export async function openMediaStore(
  config: Pick<Config, "mediaStorage" | "mediaDir" | "mediaBaseUrl">,
): Promise<MediaStore> {
  const { mediaStorage } = config;
  if (mediaStorage.kind === "local") return localMediaStore(config.mediaDir);
  const { s3MediaStore } = await import("./s3-media-store.js");
  return s3MediaStore(mediaStorage.target, config.mediaBaseUrl);
}
