import type { MessageKey } from "../../../i18n/catalog.js";
import { type Child, h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import { Pagination, pagePath } from "../../../views/pagination.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleSummary } from "../article.js";
import type { ArticlePage } from "../article.queries.js";
import { ArticleCard } from "./article-card.js";

export interface ListHeading {
  title: string;
  description?: string;
  /** Path of page 1, e.g. "/tag/water/". */
  path: string;
  /** The line above the title ("Section"), as a message so it speaks the site's language. */
  kicker?: MessageKey;
  /** The section's own feeds, e.g. { title: "Politics", basePath: "/category/politics" }. */
  feed?: { title: string; basePath: string };
}

/**
 * A heading, a list of cards and older/newer links: home, category, tag and author pages, and any other
 * list of articles (rankings add a line under each card with `cardFooter`).
 */
export function ArticleListPage(props: {
  chrome: SiteChrome;
  heading: ListHeading;
  list: ArticlePage;
  cardFooter?: (article: ArticleSummary) => Child;
  /** A line other features add inside each card (the comment count). */
  cardNote?: (article: ArticleSummary) => Child;
  /** Already translated (`chrome.t(...)`), as are the page links. */
  emptyText?: string;
  pageLinks?: { previous: string; next: string };
  /** Extra elements for the page's head (the home page's JSON-LD). */
  head?: Child;
  /** What other features add below the list (the home page's newsletter sign-up form). */
  footer?: Child;
}) {
  const { chrome, heading, list } = props;
  const { t } = chrome;
  const path = pagePath(heading.path, list.page);
  const title = list.page > 1 ? t("list.page", { title: heading.title, page: list.page }) : heading.title;
  const { previous, next } = props.pageLinks ?? { previous: t("list.newer"), next: t("list.older") };
  return (
    <Layout
      chrome={chrome}
      meta={{ title, description: heading.description, path, feed: heading.feed }}
      head={props.head}
    >
      <header class="list-header">
        {heading.kicker ? <p class="list-kicker">{t(heading.kicker)}</p> : null}
        <h1>{title}</h1>
        {heading.description ? <p class="list-description">{heading.description}</p> : null}
      </header>
      {list.items.length === 0 ? (
        <p class="empty">{props.emptyText ?? t("list.empty")}</p>
      ) : (
        <div class="card-list">
          {list.items.map((article) =>
            props.cardFooter ? (
              <div class="ranked">
                <ArticleCard article={article} chrome={chrome} note={props.cardNote?.(article)} />
                {props.cardFooter(article)}
              </div>
            ) : (
              <ArticleCard article={article} chrome={chrome} note={props.cardNote?.(article)} />
            ),
          )}
        </div>
      )}
      <Pagination
        page={list.page}
        hasNext={list.hasNext}
        href={(page) => pagePath(heading.path, page)}
        previous={previous}
        next={next}
        label={t("pagination.label")}
      />
      {props.footer}
    </Layout>
  );
}
