import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ROLES } from "../../src/features/accounts/roles.js";
import { countUsers } from "../../src/features/accounts/user.repository.js";
import { readContentVersion } from "../../src/storage/content-version.js";
import { buildTestApp } from "../helpers/app.js";
import { makeArticle } from "../helpers/factories.js";
import { signInAs } from "../helpers/staff.js";

// Which staff pages each role may open (C A E Ad O); the rules themselves live in roles.ts.
const PAGES: [string, boolean[]][] = [
  ["/admin/", [true, true, true, true, true]],
  ["/admin/articles/", [true, true, true, true, true]],
  ["/admin/articles/new", [true, true, true, true, true]],
  ["/admin/media/", [true, true, true, true, true]],
  ["/admin/account/", [true, true, true, true, true]],
  ["/admin/taxonomy/", [false, false, true, true, true]],
  ["/admin/staff/", [false, false, false, true, true]],
  ["/admin/settings/", [false, false, false, true, true]],
  ["/admin/settings/design/", [false, false, false, true, true]],
  ["/admin/settings/export/", [false, false, false, false, true]],
  ["/admin/votes/held/", [false, false, true, true, true]],
  ["/admin/donations/", [false, false, true, true, true]],
  ["/admin/donations/export.csv", [false, false, true, true, true]],
  ["/admin/donations/donor/?email=ada%40example.org", [false, false, true, true, true]],
  ["/admin/donations/fulfilment/", [false, false, true, true, true]],
  ["/admin/donations/fulfilment.csv", [false, false, true, true, true]],
  ["/admin/donations/rewards/", [false, false, true, true, true]],
  ["/admin/donations/campaigns/", [false, false, true, true, true]],
  ["/admin/comments/", [false, false, true, true, true]],
  ["/admin/newsletters/", [false, false, true, true, true]],
  ["/admin/newsletters/suppressed/", [false, false, true, true, true]],
];

// Every state-changing route of the staff area (ids filled in); the count below keeps the list complete.
const POSTS = [
  "/admin/signin",
  "/admin/signout",
  "/admin/signout-everywhere",
  "/admin/setup/AAAAAAAAAAAAAAAAAAAAAAAA",
  "/admin/password/AAAAAAAAAAAAAAAAAAAAAAAA",
  "/admin/forgot",
  "/admin/account/password-link",
  "/admin/settings/",
  "/admin/settings/design/",
  "/admin/settings/export/",
  "/admin/settings/redirects/",
  "/admin/settings/redirects/1/delete",
  "/admin/staff/",
  "/admin/staff/1/role",
  "/admin/staff/1/suspension",
  "/admin/articles/",
  "/admin/articles/1/",
  "/admin/articles/1/revisions/1/restore",
  "/admin/articles/autosave",
  "/admin/articles/1/autosave",
  "/admin/articles/1/send-back",
  "/admin/articles/1/notes",
  "/admin/articles/1/pin",
  "/admin/articles/1/unpin",
  "/admin/editor/paste",
  "/admin/editor/preview",
  "/admin/editor/embed",
  "/admin/media/",
  "/admin/media/1/alt",
  "/admin/media/1/delete",
  "/admin/taxonomy/categories/",
  "/admin/taxonomy/categories/1/",
  "/admin/taxonomy/categories/1/delete",
  "/admin/taxonomy/tags/1/",
  "/admin/taxonomy/tags/1/merge",
  "/admin/taxonomy/tags/1/delete",
  "/admin/votes/held/count",
  "/admin/votes/held/discard",
  "/admin/donations/fulfilment/1/shipped",
  "/admin/donations/rewards/",
  "/admin/donations/rewards/1/",
  "/admin/donations/campaigns/",
  "/admin/donations/campaigns/1/",
  "/admin/comments/moderate",
  "/admin/comments/1/moderate",
  "/admin/comments/1/ban",
  "/admin/comments/bans",
  "/admin/comments/1/edit",
  "/admin/newsletters/",
  "/admin/newsletters/1/send",
  "/admin/newsletters/1/import",
  "/admin/newsletters/articles/1/mode",
  "/admin/newsletters/articles/1/test",
  "/admin/newsletters/articles/1/send",
];

/** Every POST route's full path, read from Fastify's printed route tree (indentation gives the nesting). */
function postRoutes(tree: string): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^(.*?)[└├]── (.+?) \(([^)]*)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    stack.length = depth;
    stack.push(match[2] ?? "");
    if ((match[3] ?? "").includes("POST")) paths.push(stack.join(""));
  }
  return paths;
}

describe("the staff area", () => {
  it("opens each page to exactly the roles allowed to use it", async (t) => {
    const testApp = await buildTestApp(t);
    for (const [index, role] of ROLES.entries()) {
      const session = await signInAs(testApp, role);
      for (const [path, allowed] of PAGES) {
        const response = await session.request({ method: "GET", url: path });
        assert.equal(response.statusCode, allowed[index] ? 200 : 403, `${role} GET ${path}`);
        assert.equal(response.headers["cache-control"], "no-store", path);
      }
    }
  });

  it("sends signed-out visitors to the sign-in page", async (t) => {
    const testApp = await buildTestApp(t);
    for (const [path] of PAGES) {
      const response = await testApp.app.inject(path);
      assert.equal(response.statusCode, 303, path);
      assert.equal(response.headers.location, `/admin/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it("refuses every state-changing request without a CSRF token, changing nothing", async (t) => {
    const testApp = await buildTestApp(t);
    const owner = await signInAs(testApp, "owner");
    await makeArticle(testApp.storage.db, testApp.now(), { title: "Untouched" });
    const adminPosts = postRoutes(testApp.app.printRoutes({ commonPrefix: false })).filter((path) =>
      path.startsWith("/admin"),
    );
    assert.equal(POSTS.length, adminPosts.length, `this test's list misses some of ${adminPosts.join(" ")}`);
    const before = [await readContentVersion(testApp.storage.db), await countUsers(testApp.storage.db)];
    for (const url of POSTS) {
      const response = await owner.request({
        method: "POST",
        url,
        form: {
          title: "Forged",
          name: "Forged",
          email: "forged@example.org",
          role: "owner",
          password: "forged password",
        },
      });
      assert.equal(response.statusCode, 403, url);
    }
    const after = [await readContentVersion(testApp.storage.db), await countUsers(testApp.storage.db)];
    assert.deepEqual(after, before);
    assert.equal(
      (await owner.request({ method: "GET", url: "/admin/account/" })).statusCode,
      200,
      "still signed in",
    );
  });
});
