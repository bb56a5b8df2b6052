import { h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleSummary } from "../../articles/article.js";
import { ArticleCard } from "../../articles/views/article-card.js";
import type { ListHeading } from "../../articles/views/article-list.js";
import { pointsLabel } from "../vote.math.js";

export interface RankedCard {
  article: ArticleSummary;
  up: number;
  down: number;
}

export interface RankingList {
  items: RankedCard[];
  page: number;
  hasNext: boolean;
}

const pagePath = (basePath: string, page: number) => (page === 1 ? basePath : `${basePath}?page=${page}`);

/** "41 points · 45 votes" */
export function scoreLine(up: number, down: number): string {
  const total = up + down;
  return `${pointsLabel(up - down)} · ${total} ${total === 1 ? "vote" : "votes"}`;
}

/**
 * A vote ranking (/top/, /hot/): laid out like the other article lists (same header, cards and
 * pagination), each card followed by its points and number of votes.
 */
export function RankingsPage(props: {
  chrome: SiteChrome;
  heading: ListHeading;
  list: RankingList;
  /** Shown instead of the cards when the ranking is empty. */
  emptyText: string;
}) {
  const { chrome, heading, list } = props;
  const title = list.page > 1 ? `${heading.title} (page ${list.page})` : heading.title;
  return (
    <Layout
      chrome={chrome}
      meta={{ title, description: heading.description, path: pagePath(heading.path, list.page) }}
    >
      <header class="list-header">
        <h1>{title}</h1>
        {heading.description ? <p class="list-description">{heading.description}</p> : null}
      </header>
      {list.items.length === 0 ? (
        <p class="empty">{props.emptyText}</p>
      ) : (
        <div class="card-list ranking">
          {list.items.map((item) => (
            <div class="ranked">
              <ArticleCard article={item.article} chrome={chrome} />
              <p class="card-meta card-score">{scoreLine(item.up, item.down)}</p>
            </div>
          ))}
        </div>
      )}
      <nav class="pagination" aria-label="Pages">
        {list.page > 1 ? (
          <a rel="prev" href={pagePath(heading.path, list.page - 1)}>
            ← Higher
          </a>
        ) : null}
        {list.hasNext ? (
          <a rel="next" href={pagePath(heading.path, list.page + 1)}>
            Lower →
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
