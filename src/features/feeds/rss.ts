import type { Item } from "feed";
import { escapeHtml as escapeXml } from "../../views/jsx.js";

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification), written here rather than by the feed
 * library: RSS's `<author>` must be an e-mail address, and we publish names only, so every author
 * is a Dublin Core `<dc:creator>` — a namespace the library declares only when items carry full
 * content. The markup is fixed and every value is escaped, so an escaper is all this needs.
 */
export interface RssChannel {
  title: string;
  link: string;
  description: string;
  selfUrl: string;
  language: string;
  copyright: string;
  updated: Date;
  image?: string;
}

const NAMESPACES =
  'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:content="http://purl.org/rss/1.0/modules/content/"';

const element = (name: string, value: string | undefined) =>
  value === undefined || value === "" ? "" : `<${name}>${escapeXml(value)}</${name}>`;

function rssItem(item: Item): string {
  const parts = [
    element("title", item.title),
    element("link", item.link),
    // Our ids are tag URIs, not URLs a browser opens, so they are not permalinks.
    `<guid isPermaLink="false">${escapeXml(item.id ?? item.link)}</guid>`,
    element("pubDate", (item.published ?? item.date).toUTCString()),
    element("description", item.description),
    element("content:encoded", item.content),
    ...(item.author ?? []).map((author) => element("dc:creator", author.name)),
    ...(item.category ?? []).map(
      (term) => `<category domain="${escapeXml(term.domain ?? "")}">${escapeXml(term.name ?? "")}</category>`,
    ),
  ];
  const enclosure = item.enclosure;
  if (enclosure && typeof enclosure === "object") {
    const type = escapeXml(enclosure.type ?? "");
    parts.push(
      `<enclosure url="${escapeXml(enclosure.url)}" length="${enclosure.length ?? 0}" type="${type}"/>`,
    );
  }
  return `<item>${parts.join("")}</item>`;
}

export function renderRssDocument(channel: RssChannel, items: readonly Item[]): string {
  const image = channel.image
    ? `<image>${element("url", channel.image)}${element("title", channel.title)}${element("link", channel.link)}</image>`
    : "";
  const head = [
    element("title", channel.title),
    element("link", channel.link),
    element("description", channel.description),
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    element("language", channel.language),
    element("copyright", channel.copyright),
    element("lastBuildDate", channel.updated.toUTCString()),
    element("generator", "Masthead"),
    element("docs", "https://www.rssboard.org/rss-specification"),
    image,
  ];
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" ${NAMESPACES}><channel>` +
    `${head.join("")}${items.map(rssItem).join("")}</channel></rss>`
  );
}
