import type { ArticleSummary } from "../features/articles/article.js";
import { pinnedArticleIds } from "../features/articles/article.pins.js";
import {
  type ArticlePage,
  findVisibleSummaries,
  listArticles,
} from "../features/articles/article.queries.js";
import type { CardNotes, FrontPage } from "../features/articles/article.routes.js";
import { ArticleCard, articlePath } from "../features/articles/views/article-card.js";
import { listCategories } from "../features/taxonomy/taxonomy.repository.js";
import { scoreLine } from "../features/votes/views/rankings-page.js";
import { topVotedThisWeek } from "../features/votes/vote.rankings.js";
import type { I18n } from "../i18n/i18n.js";
import type { Db } from "../storage/storage.js";
import { jsonLd, webSiteData } from "../views/json-ld.js";
import { type Child, h } from "../views/jsx.js";
import { Layout } from "../views/layout.js";
import { Pagination, pagePath } from "../views/pagination.js";
import type { SiteChrome } from "../views/site.js";

/** Stories in the row under the lead. */
const TOP_STORIES = 4;
/** Latest stories under each section's name. */
const PER_SECTION = 4;
/** Sections shown, in the order of their names: each costs one indexed query per render. */
const MAX_SECTIONS = 8;
const TOP_VOTED = 5;
/** How long the cached front page may show a "Top voted this week" that votes have since changed. */
export const FRONT_PAGE_FRESH_MS = 5 * 60_000;

interface Section {
  name: string;
  slug: string;
  items: ArticleSummary[];
}

export interface FrontPageData {
  lead: ArticleSummary | undefined;
  top: ArticleSummary[];
  sections: Section[];
  topVoted: { article: ArticleSummary; up: number; down: number }[];
  /** Page 1 of the latest stories, without those already shown above them. */
  latest: ArticlePage;
}

/**
 * Pins first (newest pin leads), then the newest stories fill the lead and the top row; the latest
 * list below leaves out what these already show.
 */
async function loadFrontPage(db: Db, now: number, latest: ArticlePage): Promise<FrontPageData> {
  const [pinned, categories, ranked] = await Promise.all([
    pinnedArticleIds(db, TOP_STORIES + 1).then((ids) => findVisibleSummaries(db, ids, now)),
    listCategories(db),
    topVotedThisWeek(db, now, TOP_VOTED),
  ]);
  const pinnedIds = new Set(pinned.map((article) => article.id));
  const [lead, ...top] = [...pinned, ...latest.items.filter((article) => !pinnedIds.has(article.id))].slice(
    0,
    TOP_STORIES + 1,
  );
  const shown = new Set([lead, ...top].flatMap((article) => (article ? [article.id] : [])));
  const [sections, votedCards] = await Promise.all([
    Promise.all(
      categories.slice(0, MAX_SECTIONS).map(async (category) => ({
        name: category.name,
        slug: category.slug,
        items: (
          await listArticles(db, { now, page: 1, perPage: PER_SECTION, filter: { categoryId: category.id } })
        ).items,
      })),
    ),
    findVisibleSummaries(
      db,
      ranked.map((item) => item.articleId),
      now,
    ),
  ]);
  const votes = new Map(ranked.map((item) => [item.articleId, item]));
  return {
    lead,
    top,
    sections: sections.filter((section) => section.items.length > 0),
    topVoted: votedCards.map((article) => ({
      article,
      up: votes.get(article.id)?.up ?? 0,
      down: votes.get(article.id)?.down ?? 0,
    })),
    latest: { ...latest, items: latest.items.filter((article) => !shown.has(article.id)) },
  };
}

function CardRow(props: {
  chrome: SiteChrome;
  articles: ArticleSummary[];
  note: (article: ArticleSummary) => Child;
  class: string;
}) {
  return (
    <div class={props.class}>
      {props.articles.map((article) => (
        <ArticleCard article={article} chrome={props.chrome} headingLevel={3} note={props.note(article)} />
      ))}
    </div>
  );
}

/** A titled block of the front page; its heading links to where the whole list is. */
function Block(props: { id: string; title: string; href?: string; children?: Child }) {
  return (
    <section class="home-block" aria-labelledby={props.id}>
      <h2 class="home-block-title" id={props.id}>
        {props.href ? <a href={props.href}>{props.title}</a> : props.title}
      </h2>
      {props.children}
    </section>
  );
}

export function HomePage(props: {
  chrome: SiteChrome;
  data: FrontPageData;
  note: (article: ArticleSummary) => Child;
  footerSlot?: Child;
}) {
  const { chrome, data, note } = props;
  const { settings, t } = chrome;
  return (
    <Layout
      chrome={chrome}
      meta={{ title: settings.title, path: "/" }}
      head={jsonLd(webSiteData(chrome))}
      footerSlot={props.footerSlot}
    >
      <div class={`home home-layout-${settings.homeLayout}`}>
        <h1 class="visually-hidden">{settings.title}</h1>
        {data.lead ? (
          <div class="home-lead">
            <ArticleCard article={data.lead} chrome={chrome} note={note(data.lead)} eager />
          </div>
        ) : (
          <p class="empty">{t("home.empty")}</p>
        )}
        {data.top.length > 0 ? (
          <Block id="home-top" title={t("home.top")}>
            <CardRow class="card-list home-top" chrome={chrome} articles={data.top} note={note} />
          </Block>
        ) : null}
        {data.sections.map((section) => (
          <Block id={`home-section-${section.slug}`} title={section.name} href={`/category/${section.slug}/`}>
            <CardRow class="card-list home-section" chrome={chrome} articles={section.items} note={note} />
          </Block>
        ))}
        {data.topVoted.length > 0 ? (
          <Block id="home-top-voted" title={t("home.topVoted")} href="/top/">
            <ol class="home-ranked">
              {data.topVoted.map((item) => (
                <li>
                  <a href={articlePath(item.article.slug)}>{item.article.title}</a>{" "}
                  <span class="card-score">{scoreLine(chrome.i18n, item.up, item.down)}</span>
                </li>
              ))}
            </ol>
          </Block>
        ) : null}
        {data.latest.items.length > 0 || data.latest.hasNext ? (
          <Block id="home-latest" title={t("home.latest")}>
            <CardRow class="card-list" chrome={chrome} articles={data.latest.items} note={note} />
            <Pagination
              page={1}
              hasNext={data.latest.hasNext}
              href={(page) => pagePath("/", page)}
              previous={t("list.newer")}
              next={t("list.older")}
            />
          </Block>
        ) : null}
      </div>
    </Layout>
  );
}

/** The front page's registration (app.ts): the other features' parts it shows and the sign-up slot. */
export function frontPage(
  db: Db,
  clock: () => number,
  footerSlot: (db: Db, i18n: I18n) => Promise<Child>,
): FrontPage {
  return {
    freshForMs: FRONT_PAGE_FRESH_MS,
    render: async (chrome, latest, cardNotes?: CardNotes) => {
      const data = await loadFrontPage(db, clock(), latest);
      const shown = [
        ...(data.lead ? [data.lead] : []),
        ...data.top,
        ...data.sections.flatMap((section) => section.items),
        ...data.latest.items,
      ];
      const notes = cardNotes
        ? await cardNotes(db, chrome.i18n, [...new Map(shown.map((a) => [a.id, a])).values()])
        : undefined;
      return (
        <HomePage
          chrome={chrome}
          data={data}
          note={(article) => notes?.get(article.id)}
          footerSlot={await footerSlot(db, chrome.i18n)}
        />
      );
    },
  };
}
