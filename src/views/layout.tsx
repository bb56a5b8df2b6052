import { type Child, h } from "./jsx.js";
import type { PageMeta, SiteChrome } from "./site.js";
import { FeedLinks, SocialMeta } from "./social-meta.js";

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

export function Layout(props: { chrome: SiteChrome; meta: PageMeta; head?: Child; children?: Child }) {
  const { chrome, meta } = props;
  const { settings } = chrome;
  const fullTitle = meta.title === settings.title ? meta.title : `${meta.title} – ${settings.title}`;
  return (
    <html lang={settings.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={meta.description ?? settings.description} />
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={`${chrome.siteUrl}${meta.path}`} />
        <FeedLinks chrome={chrome} meta={meta} />
        <SocialMeta chrome={chrome} meta={meta} title={meta.title} />
        <link rel="stylesheet" href={chrome.assetUrl("site.css")} />
        <link rel="icon" href={chrome.assetUrl("favicon.svg")} type="image/svg+xml" />
        <script src={chrome.assetUrl("scores.js")} defer />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-title" href="/">
              {settings.logoUrl ? (
                <img class="site-logo" src={settings.logoUrl} alt={settings.title} height="64" />
              ) : (
                settings.title
              )}
            </a>
            <p class="site-description">{settings.description}</p>
            <NavLinks class="site-nav" label="Sections" links={chrome.navigation} />
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {chrome.footerNavigation.length > 0 ? (
              <NavLinks class="footer-nav" label="Site" links={chrome.footerNavigation} />
            ) : null}
            <p>
              © {new Date().getUTCFullYear()} {settings.title}
            </p>
          </div>
        </footer>
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
          <a href="/">Go to the front page</a>
        </p>
      </section>
    </Layout>
  );
}
