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

/** `/search`: the form, then ranked results with highlighted snippets, or what to do instead. */
export function SearchPage(props: {
  chrome: SiteChrome;
  form: SearchForm;
  categories: Category[];
  results: SearchResults | null;
  notice?: string;
}) {
  const { chrome, form, results } = props;
  const described = results ? describeTerms(results.terms) : "";
  const title = described ? `Search: ${described}` : "Search";
  return (
    <Layout chrome={chrome} meta={{ title, path: searchPath(form, results?.page ?? 1), noindex: true }}>
      <header class="list-header">
        <h1>{title}</h1>
      </header>
      <form class="search-form" method="get" action="/search">
        <label for="search-q">Search for</label>
        <input type="search" id="search-q" name="q" value={form.q} maxlength={2000} required />
        <label for="search-category">In section</label>
        <select id="search-category" name="category">
          <option value="">All sections</option>
          {props.categories.map((category) => (
            <option value={category.slug} selected={category.slug === form.category}>
              {category.name}
            </option>
          ))}
        </select>
        {form.tag ? <input type="hidden" name="tag" value={form.tag} /> : null}
        {form.author ? <input type="hidden" name="author" value={form.author} /> : null}
        <button type="submit">Search</button>
      </form>
      {form.tag || form.author ? (
        <p class="search-filters">
          Only {form.tag ? `articles tagged “${form.tag}”` : ""}
          {form.tag && form.author ? " " : ""}
          {form.author ? `by the author “${form.author}”` : ""}.{" "}
          <a href={searchPath({ ...form, tag: "", author: "" }, 1)}>Search everything</a>
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
          label="Result pages"
        />
      ) : null}
    </Layout>
  );
}
