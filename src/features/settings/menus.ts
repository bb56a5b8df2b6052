/** One link of a navigation menu. */
export interface MenuLink {
  name: string;
  href: string;
}

// "Label | /path/" or "Label | https://…": a section, page, tag or any URL, one a line, in order.
const LINE = "[^|\\r\\n]{1,60}\\|[ \\t]*(?:/[^\\s|]*|https?://[^\\s|]+)[ \\t]*";
/** The schema pattern of a menu setting: empty, or up to 30 such lines. */
export const MENU_PATTERN = `^$|^${LINE}(?:\\r?\\n${LINE}){0,29}\\s*$`;

/** The menu setting's text as links (the schema has already checked each line's shape). */
export function parseMenu(text: string): MenuLink[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.split("|"))
    .filter((parts) => parts.length === 2)
    .map(([name = "", href = ""]) => ({ name: name.trim(), href: href.trim() }))
    .filter((link) => link.name && link.href);
}

const SOCIAL_LINE = "https://[^\\s\"'<>/]+(?:/[^\\s\"'<>]*)?";
/** The social links setting: one https:// address a line (no spaces, quotes or angle brackets), at most ten. */
export const SOCIAL_LINKS_PATTERN = `^$|^${SOCIAL_LINE}(?:\\r?\\n${SOCIAL_LINE}){0,9}\\s*$`;

/** The social links setting as links named after their host ("mastodon.social", "instagram.com"). */
export function parseSocialLinks(text: string): MenuLink[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith("https://") && URL.canParse(line))
    .map((href) => ({ name: new URL(href).hostname.replace(/^www\./, ""), href }));
}
