import { h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticlePage } from "../article.queries.js";
import { ArticleCard } from "./article-card.js";

export interface ListHeading {
  title: string;
  description?: string;
  /** Path of page 1, e.g. "/tag/water/". */
  path: string;
  kicker?: string;
}

function pagePath(basePath: string, page: number) {
  return page === 1 ? basePath : `${basePath}?page=${page}`;
}

/** Home, category, tag and author pages: a heading, a list of cards and older/newer links. */
export function ArticleListPage(props: { chrome: SiteChrome; heading: ListHeading; list: ArticlePage }) {
  const { chrome, heading, list } = props;
  const path = pagePath(heading.path, list.page);
  const title = list.page > 1 ? `${heading.title} (page ${list.page})` : heading.title;
  return (
    <Layout chrome={chrome} meta={{ title, description: heading.description, path }}>
      <header class="list-header">
        {heading.kicker ? <p class="list-kicker">{heading.kicker}</p> : null}
        <h1>{title}</h1>
        {heading.description ? <p class="list-description">{heading.description}</p> : null}
      </header>
      {list.items.length === 0 ? (
        <p class="empty">Nothing has been published here yet.</p>
      ) : (
        <div class="card-list">
          {list.items.map((article) => (
            <ArticleCard article={article} chrome={chrome} />
          ))}
        </div>
      )}
      <nav class="pagination" aria-label="Pages">
        {list.page > 1 ? (
          <a rel="prev" href={pagePath(heading.path, list.page - 1)}>
            ← Newer
          </a>
        ) : null}
        {list.hasNext ? (
          <a rel="next" href={pagePath(heading.path, list.page + 1)}>
            Older →
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
