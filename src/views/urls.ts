/** Our pages link with site-relative paths; feeds and cards are read elsewhere and need absolute URLs. */
export const absoluteUrl = (siteUrl: string, path: string) => new URL(path, `${siteUrl}/`).href;

/**
 * Makes the site-relative `href`, `src` and `srcset` URLs in HTML we rendered ourselves absolute.
 * Only attributes our markdown renderer writes are touched, and only paths starting with one "/".
 */
export function absoluteHtml(html: string, siteUrl: string): string {
  return html
    .replace(/ (href|src)="\/(?!\/)/g, ` $1="${siteUrl}/`)
    .replace(/ srcset="([^"]*)"/g, (_match, srcset: string) => {
      const candidates = srcset
        .split(",")
        .map((candidate) => candidate.trim().replace(/^\/(?!\/)/, `${siteUrl}/`));
      return ` srcset="${candidates.join(", ")}"`;
    });
}

const IMAGE_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/** The media type of an image from its file extension (what our media library writes). */
export function imageType(url: string): string {
  const extension = new URL(url, "http://x/").pathname.split(".").pop()?.toLowerCase() ?? "";
  return IMAGE_TYPES[extension] ?? "application/octet-stream";
}
