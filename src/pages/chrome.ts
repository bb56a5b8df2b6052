import { parseMenu, parseSocialLinks } from "../features/settings/menus.js";
import { getSiteSettings } from "../features/settings/settings.js";
import { listCategories } from "../features/taxonomy/taxonomy.repository.js";
import type { Assets } from "../http/assets.js";
import type { Db } from "../storage/storage.js";
import type { SiteChrome } from "../views/site.js";

export async function loadSiteChrome(
  db: Db,
  site: { siteUrl: string; donationsOn: boolean },
  assets: Assets,
): Promise<SiteChrome> {
  const [settings, categories] = await Promise.all([getSiteSettings(db), listCategories(db)]);
  return {
    settings,
    siteUrl: site.siteUrl,
    donationsOn: site.donationsOn,
    navigation: settings.primaryMenu
      ? parseMenu(settings.primaryMenu)
      : categories.map((category) => ({ name: category.name, href: `/category/${category.slug}/` })),
    footerNavigation: parseMenu(settings.footerMenu),
    socialLinks: parseSocialLinks(settings.socialLinks),
    assetUrl: (name) => assets.url(name),
  };
}
