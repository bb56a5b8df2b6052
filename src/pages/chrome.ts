import { iconKeys } from "../features/design/icons.js";
import { injectionPolicy } from "../features/design/injection.js";
import { buildTheme } from "../features/design/theme.js";
import { parseMenu, parseSocialLinks } from "../features/settings/menus.js";
import { getSiteSettings } from "../features/settings/settings.js";
import { listCategories } from "../features/taxonomy/taxonomy.repository.js";
import type { Assets } from "../http/assets.js";
import { createI18n } from "../i18n/i18n.js";
import type { Db } from "../storage/storage.js";
import type { SiteChrome } from "../views/site.js";

export async function loadSiteChrome(
  db: Db,
  site: { siteUrl: string; donationsOn: boolean },
  assets: Assets,
): Promise<SiteChrome> {
  const [settings, categories] = await Promise.all([getSiteSettings(db), listCategories(db)]);
  // Built here, once per change of content, so a page view costs no more than a lookup per string.
  const i18n = createI18n(settings.language, settings.timeZone);
  const assetUrl = (name: string) => assets.url(name);
  const icons = settings.iconUrl ? iconKeys(settings.iconUrl) : undefined;
  return {
    settings,
    siteUrl: site.siteUrl,
    donationsOn: site.donationsOn,
    navigation: settings.primaryMenu
      ? parseMenu(settings.primaryMenu)
      : categories.map((category) => ({ name: category.name, href: `/category/${category.slug}/` })),
    footerNavigation: parseMenu(settings.footerMenu),
    socialLinks: parseSocialLinks(settings.socialLinks),
    assetUrl,
    locale: i18n.locale,
    i18n,
    t: i18n.t,
    theme: buildTheme(settings, assetUrl),
    icons: icons && { favicon: `/media/${icons.favicon}`, appleTouch: `/media/${icons.appleTouch}` },
    contentSecurityPolicy: injectionPolicy(settings.headCode, settings.footerCode),
  };
}
