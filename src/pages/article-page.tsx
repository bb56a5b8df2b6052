import type { ArticleDetail } from "../features/articles/article.js";
import { articlePath } from "../features/articles/views/article-card.js";
import { ArticleDetailView, ArticleNavigation } from "../features/articles/views/article-detail.js";
import { isoDate } from "../views/format.js";
import { type Child, Fragment, h, trustedHtml } from "../views/jsx.js";
import { Layout } from "../views/layout.js";
import type { SiteChrome } from "../views/site.js";

/**
 * The parts other features contribute to an article page. Each is rendered by its own feature;
 * this page only decides where they stand, so the articles feature knows nothing of votes,
 * donations or comments.
 */
export interface ArticlePageParts {
  votes?: Child;
  donationAppeal?: Child;
  comments?: Child;
  /** "12 comments" under the byline, linking down to them. */
  commentCount?: Child;
}

function Slot(props: { name: string; label: string; children?: Child }) {
  if (props.children === undefined || props.children === null) return null;
  return (
    <section class={`slot slot-${props.name}`} id={props.name} aria-label={props.label}>
      {props.children}
    </section>
  );
}

/** JSON-LD for search engines; "<" is escaped so the JSON can never close its script element. */
function jsonLd(data: unknown) {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return trustedHtml(`<script type="application/ld+json">${json}</script>`);
}

function newsArticleData(detail: ArticleDetail, chrome: SiteChrome) {
  const { article } = detail;
  const url = `${chrome.siteUrl}${articlePath(article.slug)}`;
  const absolute = (path: string) => new URL(path, chrome.siteUrl).href;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: url,
    headline: article.title,
    description: article.standfirst || undefined,
    image: article.image ? [absolute(article.image.url)] : undefined,
    datePublished: isoDate(article.publishedAt),
    dateModified: isoDate(article.updatedAt),
    author: detail.authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      url: absolute(`/author/${author.slug}/`),
    })),
    publisher: { "@type": "Organization", name: chrome.settings.title, url: chrome.siteUrl },
    articleSection: detail.categories.map((category) => category.name),
    keywords: detail.tags.map((tag) => tag.name),
    citation: detail.attributions.map((attribution) => ({
      "@type": "CreativeWork",
      publisher: { "@type": "Organization", name: attribution.outlet },
      url: attribution.url ?? undefined,
    })),
  };
}

export function ArticlePage(props: { detail: ArticleDetail; chrome: SiteChrome; parts: ArticlePageParts }) {
  const { detail, chrome, parts } = props;
  const { article } = detail;
  return (
    <Layout
      chrome={chrome}
      meta={{ title: article.title, description: article.standfirst, path: articlePath(article.slug) }}
      head={[
        jsonLd(newsArticleData(detail, chrome)),
        <script src={chrome.assetUrl("votes.js")} defer />,
        parts.comments ? <link rel="stylesheet" href={chrome.assetUrl("comments.css")} /> : null,
        parts.comments ? <script src={chrome.assetUrl("comments.js")} defer /> : null,
      ]}
    >
      <ArticleDetailView
        detail={detail}
        chrome={chrome}
        afterByline={parts.commentCount ? <p class="comment-count">{parts.commentCount}</p> : null}
        afterBody={
          <>
            <Slot name="votes" label="What do you think?">
              {parts.votes}
            </Slot>
            <Slot name="donate" label="Support us">
              {parts.donationAppeal}
            </Slot>
            <Slot name="comments" label="Comments">
              {parts.comments}
            </Slot>
          </>
        }
      />
      <ArticleNavigation detail={detail} chrome={chrome} />
    </Layout>
  );
}
