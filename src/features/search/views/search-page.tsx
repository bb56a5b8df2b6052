import { h, trustedHtml } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import { Pagination } from "../../../views/pagination.js";
import { withQuery } from "../../../views/query-string.js";
import type { SiteChrome } from "../../../views/site.js";
import { articlePath, BylineAndDate } from "../../articles/views/article-card.js";
import type { Category } from "../../taxonomy/taxonomy.js";
import { describeTerms } from "../search.js";
import type { SearchResult, SearchResults } from "../search.service.js";

export interface SearchForm {
  q: string;
  category: string;
  tag: string;
  author: string;
}

/** The address of a page of these results, keeping the reader's words and filters. */
export function searchPath(form: SearchForm, page: number): string {
  const { q, category, tag, author } = form;
  return withQuery("/search", { q, category, tag, author, page: page > 1 ? page : undefined });
}

function Result(props: { result: SearchResult; chrome: SiteChrome }) {
  const { article } = props.result;
  return (
    <article class="search-result">
      <h2 class="card-title">
        <a href={articlePath(article.slug)}>{article.title}</a>
      </h2>
      <p class="search-snippet">{trustedHtml(props.result.snippetHtml)}</p>
      <p class="card-meta">
        {article.primaryCategory ? <span>{article.primaryCategory.name} · </span> : null}
        <BylineAndDate article={article} chrome={props.chrome} />
      </p>
    </article>
  );
}

/** "Only articles tagged “x” by the author “y”.": the filters a tag or author link put on the search. */
function filterLine({ t }: SiteChrome, { tag, author }: SearchForm): string {
  if (tag && author) return t("search.onlyTaggedBy", { tag, author });
  return tag ? t("search.onlyTagged", { tag }) : t("search.onlyBy", { author });
}

/** `/search`: the form, then ranked results with highlighted snippets, or what to do instead. */
export function SearchPage(props: {
  chrome: SiteChrome;
  form: SearchForm;
  categories: Category[];
  results: SearchResults | null;
  notice?: string;
}) {
  const { chrome, form, results } = props;
  const { t, i18n } = chrome;
  const described = results ? describeTerms(results.terms) : "";
  const title = described ? t("search.titleFor", { terms: described }) : t("layout.search");
  return (
    <Layout chrome={chrome} meta={{ title, path: searchPath(form, results?.page ?? 1), noindex: true }}>
      <header class="list-header">
        <h1>{title}</h1>
      </header>
      <form class="search-form" method="get" action="/search">
        <label for="search-q">{t("search.for")}</label>
        <input
          type="search"
          id="search-q"
          name="q"
          value={form.q}
          maxlength={2000}
          required
          aria-describedby="search-hint"
        />
        <label for="search-category">{t("search.inSection")}</label>
        <select id="search-category" name="category">
          <option value="">{t("search.allSections")}</option>
          {props.categories.map((category) => (
            <option value={category.slug} selected={category.slug === form.category}>
              {category.name}
            </option>
          ))}
        </select>
        {form.tag ? <input type="hidden" name="tag" value={form.tag} /> : null}
        {form.author ? <input type="hidden" name="author" value={form.author} /> : null}
        <button type="submit">{t("layout.search")}</button>
      </form>
      <p class="search-hint" id="search-hint">
        {i18n.rich("search.hint", {
          phrase: <code>{t("search.hint.phrase")}</code>,
          or: <code>OR</code>,
          minus: <code>{t("search.hint.minus")}</code>,
        })}
      </p>
      {form.tag || form.author ? (
        <p class="search-filters">
          {filterLine(chrome, form)}{" "}
          <a href={searchPath({ ...form, tag: "", author: "" }, 1)}>{t("search.everything")}</a>
        </p>
      ) : null}
      {props.notice ? <p class="empty">{props.notice}</p> : null}
      {results && results.items.length > 0 ? (
        <div class="search-results">
          {results.items.map((result) => (
            <Result result={result} chrome={chrome} />
          ))}
        </div>
      ) : null}
      {results ? (
        <Pagination
          page={results.page}
          hasNext={results.hasNext}
          href={(page) => searchPath(form, page)}
          label={t("search.pages")}
        />
      ) : null}
    </Layout>
  );
}
