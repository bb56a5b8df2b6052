import { type Static, Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { sendPage } from "../../http/page-response.js";
import { pageNumber, type Router } from "../../http/schemas.js";
import { h, renderDocument } from "../../views/jsx.js";
import { listCategories } from "../taxonomy/taxonomy.repository.js";
import { resolveSearchFilter } from "./search.filter.js";
import { hasNothingToFind, isEmptyQuery, MAX_QUERY_WORDS, parseSearchQuery } from "./search.js";
import { searchArticles } from "./search.service.js";
import { type SearchForm, SearchPage } from "./views/search-page.js";

/** Long queries are cut to their first words, not refused; past this size the request itself is refused. */
const MAX_QUERY_LENGTH = 20_000;
const Filter = Type.Optional(Type.String({ maxLength: 200 }));
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
  page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  category: Filter,
  tag: Filter,
  author: Filter,
});

/**
 * `/search?q=…`, never a 500 whatever the reader types. Results pages are shared by every reader, so
 * they are kept like other public pages until the content changes, but in a cache of their own
 * (ctx.searchCache, decision 0051): the queries are endless, and a flood of made-up ones must not push
 * the articles out of the page cache.
 */
export async function searchRoutes(app: Router, ctx: AppContext): Promise<void> {
  app.get("/search", { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { query } = request;
    // What the page depends on: an absent q (the bare form) is not an empty one (a notice).
    const key = JSON.stringify([
      query.q ?? null,
      query.category ?? "",
      query.tag ?? "",
      query.author ?? "",
      pageNumber(query),
    ]);
    const page = await ctx.searchCache.get(key, async () => ({ body: await renderSearch(ctx, query) }));
    return sendPage(request, reply, page);
  });
}

/** The search page for one query: the form, then results or a notice saying what to do instead. */
async function renderSearch(ctx: AppContext, query: Static<typeof SearchQuery>): Promise<string> {
  const { db } = ctx.storage;
  const form: SearchForm = {
    q: (query.q ?? "").slice(0, 2000),
    category: query.category ?? "",
    tag: query.tag ?? "",
    author: query.author ?? "",
  };
  const [chrome, categories, resolved] = await Promise.all([
    ctx.loadChrome(),
    listCategories(db),
    resolveSearchFilter(db, query),
  ]);
  const terms = parseSearchQuery(query.q ?? "");
  const { t } = chrome;
  let notice: string | undefined;
  let results = null;
  if ("unknown" in resolved) {
    const { kind, slug } = resolved.unknown;
    notice = t(`search.unknown.${kind}`, { slug });
  } else if (query.q !== undefined && isEmptyQuery(terms)) notice = t("search.typeWords");
  else if (query.q !== undefined && hasNothingToFind(terms)) notice = t("search.onlyExcluded");
  else if (query.q !== undefined) {
    results = await searchArticles(db, {
      query: query.q,
      filter: resolved.filter,
      page: pageNumber(query),
      perPage: chrome.settings.postsPerPage,
      now: ctx.clock(),
      language: chrome.settings.language,
    });
    if (results.items.length === 0) {
      notice = t(results.page > 1 ? "search.noMore" : "search.noMatch");
    } else if (terms.truncated) {
      notice = t("search.truncated", { count: MAX_QUERY_WORDS });
    }
  }
  return renderDocument(
    <SearchPage chrome={chrome} form={form} categories={categories} results={results} notice={notice} />,
  );
}
