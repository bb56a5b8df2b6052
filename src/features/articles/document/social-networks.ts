const SOCIAL_NETWORKS_BY_HOST = new Map([
  ["twitter.com", "X (Twitter)"],
  ["x.com", "X (Twitter)"],
  ["facebook.com", "Facebook"],
  ["instagram.com", "Instagram"],
  ["threads.net", "Threads"],
  ["threads.com", "Threads"],
  ["bsky.app", "Bluesky"],
  ["youtube.com", "YouTube"],
  ["youtu.be", "YouTube"],
  ["vimeo.com", "Vimeo"],
  ["tiktok.com", "TikTok"],
  ["t.me", "Telegram"],
  ["linkedin.com", "LinkedIn"],
]);
const MASTODON_POST_PATH = /^\/@[\w.-]+(?:@[\w.-]+)?\/\d+\/?$/;

/** The network a post URL belongs to ("Mastodon" by its path shape), or undefined for other links. */
export function socialNetworkOf(url: URL): string | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.replace(/^(?:www|m|mobile)\./, "");
  return (
    SOCIAL_NETWORKS_BY_HOST.get(host) ?? (MASTODON_POST_PATH.test(url.pathname) ? "Mastodon" : undefined)
  );
}

/**
 * A link to a social network post as the body's card block (never the network's embed), or undefined
 * for any other link: what a paragraph holding only that link becomes.
 */
export function linkCardFor(href: string) {
  const url = URL.canParse(href) ? new URL(href) : undefined;
  const site = url && socialNetworkOf(url);
  return site ? { type: "embed" as const, attrs: { url: href, site, title: "" } } : undefined;
}

/** The card's label: the network's name, or the site's host for any other page. */
export function siteNameOf(url: URL): string {
  return socialNetworkOf(url) ?? url.hostname.replace(/^www\./, "");
}
