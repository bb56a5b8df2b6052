import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { buildTestApp } from "../helpers/app.js";
import { makeArticle } from "../helpers/factories.js";
import { signInAs } from "../helpers/staff.js";

/**
 * Property test of the staff area's form bodies (hostile-input.test.ts covers the public forms): a
 * signed-in owner with a valid CSRF token posts any fields, repeated or not, with any text, to the
 * forms that take the most fields. Each answers with a page, a redirect or a 4xx, never a 5xx.
 */
const FORMS = [
  "/admin/settings/",
  "/admin/settings/redirects/",
  "/admin/staff/",
  "/admin/articles/",
  "/admin/articles/1/",
  "/admin/articles/autosave",
  "/admin/editor/preview",
  "/admin/editor/paste",
  "/admin/media/1/alt",
  "/admin/taxonomy/categories/",
  "/admin/taxonomy/tags/1/merge",
  "/admin/donations/rewards/",
  "/admin/donations/campaigns/",
  "/admin/comments/moderate",
  "/admin/newsletters/",
];

const FIELD_NAMES = [
  "title",
  "name",
  "slug",
  "description",
  "email",
  "role",
  "body",
  "standfirst",
  "status",
  "publishedAt",
  "categoryIds",
  "tagNames",
  "authorIds",
  "kind",
  "image",
  "revision",
  "amount",
  "currency",
  "minimums",
  "stock",
  "shipCountries",
  "goalAmount",
  "startsAt",
  "endsAt",
  "from",
  "to",
  "ids",
  "action",
  "cadence",
  "sendTime",
  "sendWeekday",
  "sectionIds",
  "postsPerPage",
  "timeZone",
  "language",
  "html",
  "alt",
  "into",
];

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1e309",
    "NaN",
    "[]",
    "{}",
    '{"type":"doc"}',
    "2026-13-45T25:61",
    "%FF",
    "a".repeat(5000),
  ),
);
const fields = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 12 })),
  fc.oneof(anyText, fc.array(anyText, { minLength: 2, maxLength: 3 })),
  { maxKeys: 8 },
);

describe("staff forms get a page, a redirect or a 4xx, never a 5xx", () => {
  it("whatever fields a signed-in owner posts", async (t) => {
    const testApp = await buildTestApp(t);
    await makeArticle(testApp.storage.db, testApp.now());
    const owner = await signInAs(testApp, "owner");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FORMS), fields, async (url, sent) => {
        const { _csrf: _ignored, ...rest } = sent;
        const response = await owner.request({ method: "POST", url, form: { ...rest, _csrf: owner.csrf } });
        assert.ok(
          response.statusCode < 500,
          `${response.statusCode} for POST ${url} ${JSON.stringify(rest).slice(0, 300)}: ${response.body.slice(0, 200)}`,
        );
      }),
      { numRuns: 400 },
    );
  });
});
