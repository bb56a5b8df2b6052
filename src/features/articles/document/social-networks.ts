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

/** The card's label: the network's name, or the site's host for any other page. */
export function siteNameOf(url: URL): string {
  return socialNetworkOf(url) ?? url.hostname.replace(/^www\./, "");
}
