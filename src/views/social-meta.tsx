import { isoDate } from "./format.js";
import { Fragment, h } from "./jsx.js";
import type { PageMeta, SiteChrome } from "./site.js";
import { absoluteUrl } from "./urls.js";

const FEED_LINKS = [
  { file: "rss.xml", type: "application/rss+xml", label: "RSS" },
  { file: "atom.xml", type: "application/atom+xml", label: "Atom" },
  { file: "feed.json", type: "application/feed+json", label: "JSON Feed" },
] as const;

/** The site's own feeds as links, for the footer. */
export const SITE_FEEDS = FEED_LINKS.map((link) => ({ name: link.label, href: `/${link.file}` }));

/** Feed autodiscovery: the site's feeds on every page, and the section's own where there is one. */
export function FeedLinks(props: { chrome: SiteChrome; meta: PageMeta }) {
  const { chrome, meta } = props;
  const feeds = [{ title: chrome.settings.title, basePath: "" }];
  if (meta.feed)
    feeds.push({ title: `${chrome.settings.title} – ${meta.feed.title}`, basePath: meta.feed.basePath });
  return (
    <>
      {feeds.flatMap((feed) =>
        FEED_LINKS.map((link) => (
          <link
            rel="alternate"
            type={link.type}
            title={`${feed.title} (${link.label})`}
            href={absoluteUrl(chrome.siteUrl, `${feed.basePath}/${link.file}`)}
          />
        )),
      )}
    </>
  );
}

/** OpenGraph (https://ogp.me) and Twitter card tags, so shared links show a title, summary and picture. */
export function SocialMeta(props: { chrome: SiteChrome; meta: PageMeta; title: string }) {
  const { chrome, meta } = props;
  const { settings } = chrome;
  const description = meta.description || settings.description;
  const siteImage = settings.socialImageUrl || settings.logoUrl;
  const image = meta.image ?? (siteImage ? { url: siteImage, alt: settings.title } : undefined);
  const og = (property: string, content: string | number | null | undefined) =>
    content === undefined || content === null || content === "" ? null : (
      <meta property={property} content={String(content)} />
    );
  const twitter = (name: string, content: string | undefined) =>
    content ? <meta name={`twitter:${name}`} content={content} /> : null;
  const imageUrl = image && absoluteUrl(chrome.siteUrl, image.url);
  return (
    <>
      {og("og:site_name", settings.title)}
      {og("og:title", props.title)}
      {og("og:description", description)}
      {og("og:url", absoluteUrl(chrome.siteUrl, meta.path))}
      {og("og:type", meta.article ? "article" : "website")}
      {og("og:locale", settings.language.replace("-", "_"))}
      {og("og:image", imageUrl)}
      {og("og:image:width", image?.width)}
      {og("og:image:height", image?.height)}
      {og("og:image:alt", image?.alt)}
      {meta.article ? (
        <>
          {og("article:published_time", isoDate(meta.article.publishedTime))}
          {og("article:modified_time", isoDate(meta.article.modifiedTime))}
          {og("article:section", meta.article.section)}
          {meta.article.tags.map((tag) => og("article:tag", tag))}
        </>
      ) : null}
      {twitter("card", meta.image ? "summary_large_image" : "summary")}
      {twitter("title", props.title)}
      {twitter("description", description)}
      {twitter("image", imageUrl)}
      {twitter("image:alt", image?.alt || undefined)}
    </>
  );
}
