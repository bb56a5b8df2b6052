/**
 * `npm run screenshots [-- DIR]`: the reader pages (home, an article with comments, donate,
 * newsletters, search, account) at 390 and 1280 px, light and dark, as full-page PNGs in DIR
 * (default `screenshots/`), from the demo site on a fresh database, in Debian's Chromium.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { newPage, startBrowser, startSite } from "../test/helpers/browser.js";
import { readerPages, seedDiscussion } from "../test/helpers/reader-pages.js";

const WIDTHS = [390, 1280];
const SCHEMES = ["light", "dark"] as const;

const folder = resolve(process.argv[2] ?? "screenshots");
mkdirSync(folder, { recursive: true });
const site = await startSite();
const { browser, close: closeBrowser } = await startBrowser();
try {
  await seedDiscussion(site.storage.db, Date.now());
  const pages = [
    ...(await readerPages(site.baseUrl)),
    { name: "account", path: "/account/", indexable: false },
  ];
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      const page = await newPage(browser, { viewport: { width, height: 900 }, colorScheme });
      for (const { name, path } of pages) {
        await page.goto(`${site.baseUrl}${path}`);
        const file = join(folder, `${name}-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await page.context().close();
    }
  }
} finally {
  await closeBrowser();
  await site.close();
}
