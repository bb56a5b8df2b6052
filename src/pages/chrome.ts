import { parseMenu } from "../features/settings/menus.js";
import { getSiteSettings } from "../features/settings/settings.js";
import { listCategories } from "../features/taxonomy/taxonomy.repository.js";
import type { Assets } from "../http/assets.js";
import type { Db } from "../storage/storage.js";
import type { SiteChrome } from "../views/site.js";

export async function loadSiteChrome(db: Db, siteUrl: string, assets: Assets): Promise<SiteChrome> {
  const [settings, categories] = await Promise.all([getSiteSettings(db), listCategories(db)]);
  return {
    settings,
    siteUrl,
    navigation: settings.primaryMenu
      ? parseMenu(settings.primaryMenu)
      : categories.map((category) => ({ name: category.name, href: `/category/${category.slug}/` })),
    footerNavigation: parseMenu(settings.footerMenu),
    assetUrl: (name) => assets.url(name),
  };
}
