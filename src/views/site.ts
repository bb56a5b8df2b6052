import type { Theme } from "../features/design/theme.js";
import type { SiteSettings } from "../features/settings/settings.js";
import type { I18n } from "../i18n/i18n.js";
import type { SiteLocale } from "../i18n/locales.js";

/** What every public page's frame needs: settings, navigation and where assets live. */
export interface SiteChrome {
  settings: SiteSettings;
  siteUrl: string;
  navigation: { name: string; href: string }[];
  /** The footer menu's links (Settings), in order. */
  footerNavigation: { name: string; href: string }[];
  /** The newsroom's profiles elsewhere (Settings), named after their host. */
  socialLinks: { name: string; href: string }[];
  /** Whether readers can give online (payments are set up): the header's Donate link. */
  donationsOn: boolean;
  assetUrl: (logicalName: string) => string;
  /** The site's language ("de-CH"): `lang` on `<html>`, and what `i18n` speaks. */
  locale: SiteLocale;
  /** Messages, plurals, dates, numbers and lists in the site's language; see src/i18n/README.md. */
  i18n: I18n;
  /** `i18n.t`, the call nearly every view makes: `chrome.t("article.published")`. */
  t: I18n["t"];
  /** Settings → Design: the theme stylesheet and colour schemes (decision 0047). */
  theme: Theme;
  /** The icons made from the icon image, or undefined: the shipped favicon.svg. */
  icons?: { favicon: string; appleTouch: string };
  /** The public pages' CSP when the owner injected code; undefined: the strict default. */
  contentSecurityPolicy?: string;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the canonical URL, e.g. "/my-article/". */
  path: string;
  noindex?: boolean;
  /** This page's own feeds (a section's), advertised beside the site's; e.g. "/tag/water". */
  feed?: { title: string; basePath: string };
  /** The picture social cards show for this page (the site's logo otherwise). */
  image?: { url: string; width?: number | null; height?: number | null; alt?: string };
  /** Makes the social card an article's, with its dates, section and tags. */
  article?: { publishedTime: number; modifiedTime: number; section?: string; tags: string[] };
}
