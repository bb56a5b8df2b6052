import { formatDate, isoDate, joinNames } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleSummary, FeaturedImage } from "../article.js";

export const articlePath = (slug: string) => `/${slug}/`;

export function Picture(props: { image: FeaturedImage; eager?: boolean }) {
  const { image } = props;
  return (
    <img
      src={image.url}
      alt={image.alt}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      loading={props.eager ? undefined : "lazy"}
      decoding="async"
    />
  );
}

/** One article in a list: image, category, headline, standfirst, byline. */
export function ArticleCard(props: { article: ArticleSummary; chrome: SiteChrome; headingLevel?: 2 | 3 }) {
  const { article, chrome } = props;
  const { language, timeZone } = chrome.settings;
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <article class="card">
      {article.image ? (
        <div class="card-image">
          <Picture image={article.image} />
        </div>
      ) : null}
      <div class="card-text">
        {article.primaryCategory ? (
          <p class="card-category">
            <a href={`/category/${article.primaryCategory.slug}/`}>{article.primaryCategory.name}</a>
          </p>
        ) : null}
        {h(Heading, { class: "card-title" }, <a href={articlePath(article.slug)}>{article.title}</a>)}
        {article.standfirst ? <p class="card-standfirst">{article.standfirst}</p> : null}
        <p class="card-meta">
          {article.authors.length > 0 ? (
            <span>By {joinNames(article.authors.map((a) => a.name))} · </span>
          ) : null}
          <time datetime={isoDate(article.publishedAt)}>
            {formatDate(article.publishedAt, language, timeZone)}
          </time>
        </p>
      </div>
    </article>
  );
}
