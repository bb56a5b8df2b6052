import { trustedHtml } from "./jsx.js";
import type { SiteChrome } from "./site.js";
import { absoluteUrl } from "./urls.js";

/** JSON-LD for search engines; "<" is escaped so the JSON can never close its script element. */
export function jsonLd(data: unknown) {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return trustedHtml(`<script type="application/ld+json">${json}</script>`);
}

/** The site as a publisher: its name, address and logo (the uploaded logo, else the site icon). */
export function publisherData(chrome: SiteChrome) {
  const logo = chrome.settings.logoUrl || chrome.assetUrl("favicon.svg");
  return {
    "@type": "Organization",
    name: chrome.settings.title,
    url: `${chrome.siteUrl}/`,
    logo: { "@type": "ImageObject", url: absoluteUrl(chrome.siteUrl, logo) },
  };
}

/** `WebSite` with a `SearchAction`, so search engines may offer a search box that lands on ours. */
export function webSiteData(chrome: SiteChrome) {
  return {
    "@context": "https://schema.org",
    "@type": "WebSite",
    name: chrome.settings.title,
    url: `${chrome.siteUrl}/`,
    inLanguage: chrome.settings.language,
    publisher: publisherData(chrome),
    potentialAction: {
      "@type": "SearchAction",
      target: { "@type": "EntryPoint", urlTemplate: `${chrome.siteUrl}/search?q={search_term_string}` },
      "query-input": "required name=search_term_string",
    },
  };
}
