import { h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleSummary } from "../../articles/article.js";
import { ArticleListPage, type ListHeading } from "../../articles/views/article-list.js";
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

/** "41 points · 45 votes" */
export function scoreLine(up: number, down: number): string {
  const total = up + down;
  return `${pointsLabel(up - down)} · ${total} ${total === 1 ? "vote" : "votes"}`;
}

/** A vote ranking (/top/, /hot/): an article list with each card's points and number of votes under it. */
export function RankingsPage(props: {
  chrome: SiteChrome;
  heading: ListHeading;
  list: RankingList;
  /** Shown instead of the cards when the ranking is empty. */
  emptyText: string;
}) {
  const { list } = props;
  const scores = new Map(list.items.map((item) => [item.article.id, item]));
  const footer = (article: ArticleSummary) => {
    const score = scores.get(article.id);
    // An article nobody voted on (on /hot/) shows no "0 points · 0 votes".
    return score && score.up + score.down > 0 ? (
      <p class="card-meta card-score">{scoreLine(score.up, score.down)}</p>
    ) : null;
  };
  return (
    <ArticleListPage
      chrome={props.chrome}
      heading={props.heading}
      list={{ items: list.items.map((item) => item.article), page: list.page, hasNext: list.hasNext }}
      cardFooter={footer}
      emptyText={props.emptyText}
      pageLinks={{ previous: "← Higher", next: "Lower →" }}
    />
  );
}
