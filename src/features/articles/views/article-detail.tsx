import type { MessageKey } from "../../../i18n/catalog.js";
import type { I18n } from "../../../i18n/i18n.js";
import { isoDate } from "../../../views/format.js";
import { type Child, Fragment, h, trustedHtml } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import type { ArticleDetail, Attribution } from "../article.js";
import { ArticleCard, articlePath, Picture } from "./article-card.js";

const ATTRIBUTION_LABEL: Record<Attribution["kind"], MessageKey> = {
  via: "article.source.via",
  quoted: "article.source.quoted",
  source: "article.source.source",
};

function Sources(props: { attributions: Attribution[]; i18n: I18n }) {
  const { attributions, i18n } = props;
  if (attributions.length === 0) return null;
  return (
    <aside class="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">{i18n.t("article.sources")}</h2>
      <ul>
        {attributions.map((attribution) => (
          <li class={`source source-${attribution.kind}`}>
            {i18n.rich(ATTRIBUTION_LABEL[attribution.kind], {
              outlet: attribution.url ? (
                <a href={attribution.url} rel="nofollow noopener">
                  {attribution.outlet}
                </a>
              ) : (
                attribution.outlet
              ),
            })}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function Byline(props: { detail: ArticleDetail; chrome: SiteChrome }) {
  const { article, authors } = props.detail;
  const { i18n } = props.chrome;
  const wasUpdated = article.updatedAt > article.publishedAt + 60_000;
  return (
    <p class="byline">
      {authors.length > 0 ? (
        <span class="byline-authors">
          {i18n.rich("article.byline", {
            authors: i18n.list(
              authors.map((author) => (
                <a rel="author" href={`/author/${author.slug}/`}>
                  {author.name}
                </a>
              )),
            ),
          })}
        </span>
      ) : null}
      <span class="byline-dates">
        {i18n.rich("article.published", {
          date: <time datetime={isoDate(article.publishedAt)}>{i18n.dateTime(article.publishedAt)}</time>,
        })}
        {wasUpdated ? (
          <span>
            {" · "}
            {i18n.rich("article.updated", {
              date: <time datetime={isoDate(article.updatedAt)}>{i18n.dateTime(article.updatedAt)}</time>,
            })}
          </span>
        ) : null}
      </span>
    </p>
  );
}

function FeaturedFigure(props: { detail: ArticleDetail }) {
  const { image } = props.detail.article;
  if (!image) return null;
  return (
    <figure class="featured-image">
      <Picture image={image} eager />
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption}
          {image.credit ? <span class="credit"> {image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** The article itself, in the reference page's order; `afterBody` is where other features' parts go. */
export function ArticleDetailView(props: {
  detail: ArticleDetail;
  chrome: SiteChrome;
  /** Other features' notes under the byline (the comment count). */
  afterByline?: Child;
  afterBody?: Child;
}) {
  const { detail, chrome } = props;
  const { article, categories, tags } = detail;
  const { i18n } = chrome;
  return (
    <article class="article" aria-labelledby="article-title">
      <header class="article-header">
        {categories.length > 0 ? (
          <p class="category-line">
            {i18n.rich("article.in", {
              categories: categories.map((category, index) => [
                index === 0 ? "" : ", ",
                <a href={`/category/${category.slug}/`}>{category.name}</a>,
              ]),
            })}
          </p>
        ) : null}
        <h1 id="article-title">{article.title}</h1>
        {article.standfirst ? <p class="standfirst">{article.standfirst}</p> : null}
        {article.kind === "page" ? null : <Byline detail={detail} chrome={chrome} />}
        {props.afterByline}
      </header>
      <FeaturedFigure detail={detail} />
      <div class="article-body">{trustedHtml(article.bodyHtml)}</div>
      <Sources attributions={detail.attributions} i18n={i18n} />
      {tags.length > 0 ? (
        <nav class="article-tags" aria-label={i18n.t("article.tags")}>
          <ul>
            {tags.map((tag) => (
              <li>
                <a rel="tag" href={`/tag/${tag.slug}/`}>
                  #{tag.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {props.afterBody}
    </article>
  );
}

/** Previous/next by publication time, then related articles. */
export function ArticleNavigation(props: { detail: ArticleDetail; chrome: SiteChrome }) {
  const { previous, next, related } = props.detail;
  const { t } = props.chrome;
  return (
    <>
      {previous || next ? (
        <nav class="prev-next" aria-label={t("article.more")}>
          {previous ? (
            <a class="prev" rel="prev" href={articlePath(previous.slug)}>
              <span class="label">{t("article.previous")}</span> <span class="title">{previous.title}</span>
            </a>
          ) : null}
          {next ? (
            <a class="next" rel="next" href={articlePath(next.slug)}>
              <span class="label">{t("article.next")}</span> <span class="title">{next.title}</span>
            </a>
          ) : null}
        </nav>
      ) : null}
      {related.length > 0 ? (
        <section class="related" aria-labelledby="related-title">
          <h2 id="related-title">{t("article.related")}</h2>
          <div class="card-list card-list-compact">
            {related.map((summary) => (
              <ArticleCard article={summary} chrome={props.chrome} headingLevel={3} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
