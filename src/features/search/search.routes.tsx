import fastifyCompress from "@fastify/compress";
import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { useSitePolicy } from "../../http/page-response.js";
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

/** `/search?q=…`: not cached (the queries are endless), and never a 500 whatever the reader types. */
export async function searchRoutes(app: Router, ctx: AppContext): Promise<void> {
  await app.register(async (scope: Router) => searchPage(scope, ctx));
}

/** Rendered per request, so compressed per request too (in this scope only: cached pages keep copies). */
async function searchPage(app: Router, ctx: AppContext): Promise<void> {
  await app.register(fastifyCompress, { encodings: ["br", "gzip"] });
  const { db } = ctx.storage;
  app.get("/search", { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { query } = request;
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
    useSitePolicy(reply, chrome)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-cache");
    return renderDocument(
      <SearchPage chrome={chrome} form={form} categories={categories} results={results} notice={notice} />,
    );
  });
}
