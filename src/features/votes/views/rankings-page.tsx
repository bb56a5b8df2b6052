import type { I18n } from "../../../i18n/i18n.js";
import { h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleSummary } from "../../articles/article.js";
import { ArticleListPage, type ListHeading } from "../../articles/views/article-list.js";

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
export function scoreLine(i18n: I18n, up: number, down: number): string {
  return `${i18n.t("votes.points", { count: up - down })} · ${i18n.t("votes.count", { count: up + down })}`;
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
      <p class="card-meta card-score">{scoreLine(props.chrome.i18n, score.up, score.down)}</p>
    ) : null;
  };
  return (
    <ArticleListPage
      chrome={props.chrome}
      heading={props.heading}
      list={{ items: list.items.map((item) => item.article), page: list.page, hasNext: list.hasNext }}
      cardFooter={footer}
      emptyText={props.emptyText}
      pageLinks={{ previous: props.chrome.t("rankings.higher"), next: props.chrome.t("rankings.lower") }}
    />
  );
}
