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
    navigation: categories.map((category) => ({ name: category.name, href: `/category/${category.slug}/` })),
    assetUrl: (name) => assets.url(name),
  };
}
