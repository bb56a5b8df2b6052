import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { SESSION_COOKIE } from "../../src/features/accounts/staff-session.js";
import { COMMENTER_COOKIE } from "../../src/features/comments/article-comments.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { READER_COOKIE } from "../../src/features/readers/reader-session.js";
import { VOTER_COOKIE } from "../../src/features/votes/voter-cookie.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";

/**
 * Property tests of the HTTP surface: whatever a client sends (paths, query strings, cookies, form
 * and JSON bodies), the site answers with a page or a 4xx, never a 5xx. fast-check shrinks any
 * failure to the smallest request that shows it.
 */
const ORIGIN = "https://news.example.test";
const RUNS = { numRuns: 150 };

/** Text with everything a hostile client may put in a field: any code unit, control characters, long runs. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "null",
    "[]",
    "{}",
    "%",
    "%FF",
    "\u0000",
    "a".repeat(6000),
  ),
);

/** A path segment, percent-encoded or raw (broken escapes included). */
const segment = fc.oneof(
  anyText.map((text) => encodeURIComponent(text)),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{0,20}$/),
);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * A JSON value as JavaScript would print it, not as JSON ("[object Object]", "1,2"): a body that is not
 * JSON. Generated objects may have their own "toString" key, which String() then cannot call.
 */
const printed = (value: unknown) => {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

describe("hostile input gets a page or a 4xx, never a 5xx", () => {
  let site: TestApp;
  let slug: string;
  const answered = async (request: InjectOptions) => {
    const response = await site.app.inject(request);
    assert.ok(
      response.statusCode < 500,
      `${response.statusCode} for ${JSON.stringify(request)}: ${response.body.slice(0, 200)}`,
    );
  };

  // One site for every property, closed when the suite ends.
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    const suite = { after: (cleanup: () => unknown) => cleanups.push(cleanup) } as unknown as TestContext;
    site = await buildTestApp(suite, "sqlite");
    await seedDemoContent(site.storage.db, { media: localMediaStore(site.mediaDir), now: site.now() });
    const home = await site.app.inject("/");
    slug = /<h2 class="card-title"><a href="\/([a-z0-9-]+)\/">/.exec(home.body)?.[1] ?? "";
    assert.ok(slug, "the demo site has an article");
  });

  it("any path and query string", async () => {
    const pages = fc.constantFrom(
      "/",
      `/${slug}/`,
      "/category/politics/",
      "/search",
      "/top/",
      "/donate/thanks/",
      "/rss.xml",
    );
    const parameter = fc.constantFrom("page", "q", "order", "session", "notice", "category", "x");
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 4 }), fc.boolean(), async (parts, slash) => {
        await answered({ url: `/${parts.join("/")}${slash ? "/" : ""}` });
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(pages, parameter, anyText, async (page, name, value) => {
        await answered({ url: `${page}?${name}=${encodeURIComponent(value)}` });
      }),
      RUNS,
    );
  });

  it("any cookies on the article page, the account page and a vote", async () => {
    const cookieNames = fc.constantFrom(VOTER_COOKIE, READER_COOKIE, COMMENTER_COOKIE, SESSION_COOKIE);
    await fc.assert(
      fc.asyncProperty(cookieNames, anyText, async (name, value) => {
        const cookie = `${name}=${encodeURIComponent(value)}`;
        await answered({ url: `/${slug}/`, headers: { cookie } });
        await answered({ url: "/account/", headers: { cookie } });
        await answered({
          method: "POST",
          url: `/api/v1/articles/${slug}/votes`,
          headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
          payload: JSON.stringify({ value: 1 }),
        });
      }),
      RUNS,
    );
  });

  it("any form fields on the public forms", async () => {
    const targets = fc.constantFrom(
      "/donate/",
      "/account/sign-in",
      `/${slug}/comments`,
      `/${slug}/vote`,
      "/account/name",
    );
    const fieldNames = fc.constantFrom(
      "amount",
      "currency",
      "frequency",
      "reward",
      "email",
      "name",
      "return_to",
      "text",
      "stamp",
      "website",
      "parent",
      "value",
      "message",
      "displayName",
    );
    await fc.assert(
      fc.asyncProperty(targets, fc.dictionary(fieldNames, anyText, { maxKeys: 6 }), async (url, fields) => {
        await answered({
          method: "POST",
          url,
          headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
          payload: form({ ...fields }),
        });
      }),
      RUNS,
    );
  });

  it("any JSON to the JSON API", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), async (body, asText) => {
        await answered({
          method: "POST",
          url: `/api/v1/articles/${slug}/votes`,
          headers: { origin: ORIGIN, "content-type": "application/json" },
          payload: asText ? printed(body) : JSON.stringify(body),
        });
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("articles", "search", "tags", "categories", "authors"),
        anyText,
        async (list, q) => {
          const query = new URLSearchParams({ q, page: q, limit: q, filter: q, cursor: q }).toString();
          await answered({ url: `/api/v1/${list}?${query}` });
        },
      ),
      RUNS,
    );
  });
});
