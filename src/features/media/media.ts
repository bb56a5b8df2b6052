import type { FallbackExt } from "./responsive.js";

/** An image in the media library. */
export interface MediaItem {
  id: number;
  /** "yyyy/mm/key": every copy's name under MEDIA_DIR starts with it (see responsive.ts). */
  fileKey: string;
  /** The name the file had on the uploader's computer: shown and searched, never used as a path. */
  originalName: string;
  /** The type of the JPEG or PNG copies (the WebP copies are always WebP). */
  contentType: string;
  fallbackExt: FallbackExt;
  /** Size of the uploaded file, before resizing. */
  bytes: number;
  /** Upright size of the original, after EXIF rotation. */
  width: number;
  height: number;
  variantWidths: number[];
  alt: string;
  uploadedBy: number | null;
  createdAt: number;
  /** The largest JPEG or PNG copy: what an article points at, and what its srcset is derived from. */
  url: string;
}

export interface NewUpload {
  /** The whole file; the caller has already refused anything over the upload limit. */
  data: Buffer;
  originalName: string;
  alt: string;
}

export interface MediaSearch {
  /** Matched, case-insensitively, against the original name and the alt text. */
  q: string;
  page: number;
}

export interface MediaListing {
  items: MediaItem[];
  page: number;
  hasNext: boolean;
}
