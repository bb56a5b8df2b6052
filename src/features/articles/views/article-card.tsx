import { isoDate } from "../../../views/format.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import type { SiteChrome } from "../../../views/site.js";
import { libraryCopies, servedSize, srcsetFor } from "../../media/responsive.js";
import type { ArticleSummary, FeaturedImage } from "../article.js";

export const articlePath = (slug: string) => `/${slug}/`;

/**
 * An image from the media library becomes a `<picture>` offering its WebP and JPEG/PNG copies, so a
 * phone downloads a phone-sized file; the copies follow from the URL, with no query. Any other image
 * stays a plain `<img>`. `eager` is for the page's lead image: fetched first instead of lazily.
 */
export function Picture(props: { image: FeaturedImage; eager?: boolean; sizes?: string }) {
  const { image } = props;
  const copies = libraryCopies(image.url);
  const sizes = props.sizes ?? "(min-width: 45rem) 42rem, 100vw";
  const size = servedSize(image.url, image.width, image.height);
  const img = (
    <img
      src={image.url}
      srcset={copies ? srcsetFor(copies.fileKey, copies.widths, copies.ext) : undefined}
      sizes={copies ? sizes : undefined}
      alt={image.alt}
      width={size.width ?? undefined}
      height={size.height ?? undefined}
      loading={props.eager ? undefined : "lazy"}
      fetchpriority={props.eager ? "high" : undefined}
      decoding="async"
    />
  );
  if (!copies) return img;
  return (
    <picture>
      <source type="image/webp" srcset={srcsetFor(copies.fileKey, copies.widths, "webp")} sizes={sizes} />
      {img}
    </picture>
  );
}

/** "By A and B · 25 November 2026": the end of a card's meta line, wherever an article is listed. */
export function BylineAndDate(props: { article: ArticleSummary; chrome: SiteChrome }) {
  const { article } = props;
  const { i18n } = props.chrome;
  const names = article.authors.map((author) => author.name);
  return (
    <>
      {names.length > 0 ? <span>{i18n.rich("article.byline", { authors: i18n.list(names) })} · </span> : null}
      <time datetime={isoDate(article.publishedAt)}>{i18n.date(article.publishedAt)}</time>
    </>
  );
}

/** One article in a list: image, category, headline, standfirst, byline. */
export function ArticleCard(props: {
  article: ArticleSummary;
  chrome: SiteChrome;
  headingLevel?: 2 | 3;
  /** Another feature's line under the byline (the comment count). */
  note?: Child;
  /** The image is loaded at once: the front page's lead, at the top of the page. */
  eager?: boolean;
}) {
  const { article, chrome } = props;
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <article class="card" data-article-id={article.id}>
      {article.image ? (
        <div class="card-image">
          <Picture image={article.image} eager={props.eager} />
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
          <BylineAndDate article={article} chrome={chrome} />
        </p>
        {props.note ? <p class="card-note">{props.note}</p> : null}
      </div>
    </article>
  );
}
