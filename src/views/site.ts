import type { SiteSettings } from "../features/settings/settings.js";

/** What every public page's frame needs: settings, navigation and where assets live. */
export interface SiteChrome {
  settings: SiteSettings;
  siteUrl: string;
  navigation: { name: string; href: string }[];
  assetUrl: (logicalName: string) => string;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the canonical URL, e.g. "/my-article/". */
  path: string;
  noindex?: boolean;
}
