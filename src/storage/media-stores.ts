import type { Config } from "../config.js";
import { localMediaStore } from "./local-media-store.js";
import type { MediaStore } from "./media-store.js";
import { s3MediaStore } from "./s3-media-store.js";

/** The media store the settings name: MEDIA_DIR on this machine, or the MEDIA_STORAGE bucket. */
export function openMediaStore(
  config: Pick<Config, "mediaStorage" | "mediaDir" | "mediaBaseUrl">,
): MediaStore {
  const { mediaStorage } = config;
  return mediaStorage.kind === "s3"
    ? s3MediaStore(mediaStorage.target, config.mediaBaseUrl)
    : localMediaStore(config.mediaDir);
}
