import type { ArticleDetail, FeaturedImage } from "../features/articles/article.js";
import { articlePath } from "../features/articles/views/article-card.js";
import { ArticleDetailView, ArticleNavigation } from "../features/articles/views/article-detail.js";
import { servedSize } from "../features/media/responsive.js";
import { isoDate } from "../views/format.js";
import { jsonLd, publisherData } from "../views/json-ld.js";
import { type Child, Fragment, h } from "../views/jsx.js";
import { Layout } from "../views/layout.js";
import type { PageMeta, SiteChrome } from "../views/site.js";
import { absoluteUrl } from "../views/urls.js";

/**
 * The parts other features contribute to an article page. Each is rendered by its own feature;
 * this page only decides where they stand, so the articles feature knows nothing of votes,
 * donations or comments.
 */
export interface ArticlePageParts {
  votes?: Child;
  donationAppeal?: Child;
  /** The newsletter sign-up form: the same for every reader. */
  newsletterSignup?: Child;
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

/** The lead image with the size of the file its URL serves (what og:image:width and JSON-LD state). */
function servedImage(image: FeaturedImage | null): FeaturedImage | undefined {
  return image ? { ...image, ...servedSize(image.url, image.width, image.height) } : undefined;
}

function newsArticleData(detail: ArticleDetail, chrome: SiteChrome) {
  const { article } = detail;
  const image = servedImage(article.image);
  const url = `${chrome.siteUrl}${articlePath(article.slug)}`;
  const absolute = (path: string) => new URL(path, chrome.siteUrl).href;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: url,
    headline: article.title,
    description: article.standfirst || undefined,
    image: image
      ? [
          {
            "@type": "ImageObject",
            url: absolute(image.url),
            width: image.width ?? undefined,
            height: image.height ?? undefined,
            caption: image.caption || undefined,
          },
        ]
      : undefined,
    datePublished: isoDate(article.publishedAt),
    dateModified: isoDate(article.updatedAt),
    author: detail.authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      url: absolute(`/author/${author.slug}/`),
    })),
    publisher: publisherData(chrome),
    articleSection: detail.categories.map((category) => category.name),
    keywords: detail.tags.map((tag) => tag.name),
    citation: detail.attributions.map((attribution) => ({
      "@type": "CreativeWork",
      publisher: { "@type": "Organization", name: attribution.outlet },
      url: attribution.url ?? undefined,
    })),
  };
}

/** Home › primary category › article, as search results show the article's place in the site. */
function breadcrumbData(detail: ArticleDetail, chrome: SiteChrome) {
  const [section] = detail.categories;
  const trail = [
    { name: chrome.settings.title, path: "/" },
    ...(section ? [{ name: section.name, path: `/category/${section.slug}/` }] : []),
    { name: detail.article.title, path: articlePath(detail.article.slug) },
  ];
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: trail.map((crumb, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(chrome.siteUrl, crumb.path),
    })),
  };
}

/** What the page's social card and head say about the article. */
function articleMeta(detail: ArticleDetail): PageMeta {
  const { article } = detail;
  return {
    title: article.title,
    description: article.standfirst,
    path: articlePath(article.slug),
    image: servedImage(article.image),
    article: {
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt,
      section: detail.categories[0]?.name,
      tags: detail.tags.map((tag) => tag.name),
    },
  };
}

export function ArticlePage(props: { detail: ArticleDetail; chrome: SiteChrome; parts: ArticlePageParts }) {
  const { detail, chrome, parts } = props;
  const { t } = chrome;
  return (
    <Layout
      chrome={chrome}
      meta={articleMeta(detail)}
      head={[
        jsonLd(newsArticleData(detail, chrome)),
        jsonLd(breadcrumbData(detail, chrome)),
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
            <Slot name="votes" label={t("article.slot.votes")}>
              {parts.votes}
            </Slot>
            <Slot name="donate" label={t("article.slot.donate")}>
              {parts.donationAppeal}
            </Slot>
            <Slot name="newsletters" label={t("article.slot.newsletters")}>
              {parts.newsletterSignup}
            </Slot>
            <Slot name="comments" label={t("article.slot.comments")}>
              {parts.comments}
            </Slot>
          </>
        }
      />
      <ArticleNavigation detail={detail} chrome={chrome} />
    </Layout>
  );
}
