import { type Child, Fragment, h, trustedHtml } from "./jsx.js";
import type { PageMeta, SiteChrome } from "./site.js";
import { FeedLinks, SITE_FEEDS, SocialMeta } from "./social-meta.js";

/** A menu of the site chrome: the header's sections or the footer's links. */
function NavLinks(props: { class: string; label: string; links: SiteChrome["navigation"] }) {
  return (
    <nav class={props.class} aria-label={props.label}>
      <ul>
        {props.links.map((item) => (
          <li>
            <a href={item.href}>{item.name}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The reader's ways around the site that are not sections: rankings, supporters and the newsletters. */
const exploreLinks = ({ t }: SiteChrome) => [
  { name: t("layout.topRated"), href: "/top/" },
  { name: t("layout.hot"), href: "/hot/" },
  { name: t("layout.supporters"), href: "/supporters/" },
  { name: t("layout.newsletters"), href: "/newsletters/" },
];

/**
 * Logo (or title), search, Donate and account, then the primary menu. Shared by every reader through the
 * page cache, so the account link cannot know who is signed in: /account/ offers sign-in to a stranger.
 */
function SiteHeader(props: { chrome: SiteChrome }) {
  const { chrome } = props;
  const { settings, t } = chrome;
  return (
    <header class="site-header">
      <div class="wrap masthead-bar">
        <a class="site-title" href="/">
          {settings.logoUrl ? (
            <img class="site-logo" src={settings.logoUrl} alt={settings.title} height="64" />
          ) : (
            settings.title
          )}
        </a>
        {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for the HTML validator and older readers; the role says the same. */}
        <form class="header-search" role="search" method="get" action="/search">
          <label for="header-search-q">{t("layout.search")}</label>
          <input type="search" id="header-search-q" name="q" maxlength="200" required />
          <button type="submit">{t("layout.searchGo")}</button>
        </form>
        <ul class="header-actions">
          {chrome.donationsOn ? (
            <li>
              <a class="header-donate" href="/donate/">
                {t("layout.donate")}
              </a>
            </li>
          ) : null}
          <li>
            <a href="/account/">{t("layout.account")}</a>
          </li>
        </ul>
      </div>
      <div class="wrap">
        <NavLinks class="site-nav" label={t("layout.sections")} links={chrome.navigation} />
      </div>
    </header>
  );
}

/** The footer menu, a page's own slot (the home page's newsletter sign-up), social links, feeds and more. */
function SiteFooter(props: { chrome: SiteChrome; slot?: Child }) {
  const { chrome } = props;
  const { settings, t } = chrome;
  return (
    <footer class="site-footer">
      <div class="wrap footer-grid">
        {props.slot ? <div class="footer-slot">{props.slot}</div> : null}
        {chrome.footerNavigation.length > 0 ? (
          <NavLinks class="footer-nav" label={t("layout.site")} links={chrome.footerNavigation} />
        ) : null}
        <NavLinks class="footer-nav" label={t("layout.explore")} links={exploreLinks(chrome)} />
        {chrome.socialLinks.length > 0 ? (
          <NavLinks class="footer-nav footer-social" label={t("layout.follow")} links={chrome.socialLinks} />
        ) : null}
        <NavLinks class="footer-nav footer-feeds" label={t("layout.feeds")} links={SITE_FEEDS} />
        <p class="footer-about">
          © {new Date().getUTCFullYear()} {settings.title}
          {settings.description ? ` · ${settings.description}` : ""}
        </p>
      </div>
    </footer>
  );
}

/** The icons made from Settings → Design's icon image, or the shipped one. */
function SiteIcons(props: { chrome: SiteChrome }) {
  const { icons, assetUrl } = props.chrome;
  if (!icons) return <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />;
  return (
    <>
      <link rel="icon" href={icons.favicon} type="image/png" sizes="32x32" />
      <link rel="apple-touch-icon" href={icons.appleTouch} />
    </>
  );
}

/**
 * A public page. The owner's header and footer code (Settings → Design) goes in as written: it is
 * trusted owner code, and the public pages' CSP allows exactly its scripts and styles (decision 0047).
 */
export function Layout(props: {
  chrome: SiteChrome;
  meta: PageMeta;
  head?: Child;
  children?: Child;
  /** What a page adds to the footer (the home page's newsletter sign-up). */
  footerSlot?: Child;
}) {
  const { chrome, meta } = props;
  const { settings } = chrome;
  const fullTitle = meta.title === settings.title ? meta.title : `${meta.title} – ${settings.title}`;
  return (
    <html lang={chrome.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={meta.description ?? settings.description} />
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={`${chrome.siteUrl}${meta.path}`} />
        <FeedLinks chrome={chrome} meta={meta} />
        <SocialMeta chrome={chrome} meta={meta} title={meta.title} />
        <meta name="color-scheme" content={chrome.theme.colorSchemes} />
        <link rel="stylesheet" href={chrome.assetUrl("site.css")} />
        {chrome.theme.url ? <link rel="stylesheet" href={chrome.theme.url} /> : null}
        <SiteIcons chrome={chrome} />
        <script
          src={chrome.assetUrl("scores.js")}
          defer
          data-points={JSON.stringify(chrome.i18n.pluralForms("votes.points"))}
          data-votes={JSON.stringify(chrome.i18n.pluralForms("votes.count"))}
        />
        {props.head}
        {trustedHtml(settings.headCode)}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {chrome.t("layout.skip")}
        </a>
        <SiteHeader chrome={chrome} />
        <main id="main" class="wrap">
          {props.children}
        </main>
        <SiteFooter chrome={chrome} slot={props.footerSlot} />
        {trustedHtml(settings.footerCode)}
      </body>
    </html>
  );
}

export function ErrorPage(props: { chrome: SiteChrome; status: number; title: string; message: string }) {
  return (
    <Layout chrome={props.chrome} meta={{ title: props.title, path: "/", noindex: true }}>
      <section class="error-page" aria-labelledby="error-title">
        <p class="error-status">{props.status}</p>
        <h1 id="error-title">{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">{props.chrome.t("error.home")}</a>
        </p>
      </section>
    </Layout>
  );
}
