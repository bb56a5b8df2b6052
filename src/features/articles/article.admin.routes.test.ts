import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { HOUR, makeArticle, makeCategory } from "../../../test/helpers/factories.js";
import { type StaffSession, signInAs } from "../../../test/helpers/staff.js";
import { listRevisions } from "./article.revisions.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";

/** The body field as the editor script fills it: the document's JSON. */
const bodyField = (markdown: string) => JSON.stringify(markdownToDoc(markdown));

function editorForm(session: StaffSession, fields: Record<string, string | string[]> = {}) {
  return {
    _csrf: session.csrf,
    action: "save",
    title: "Harbour dredging starts",
    standfirst: "Barges arrive on Monday.",
    body: bodyField("The work takes **six weeks**. #Harbour_Works"),
    tags: "Harbour, Dredging",
    authors: [String(session.user.authorId), "", "", ""],
    status: "draft",
    publishAt: "",
    attributionKind: ["via", "quoted"],
    attributionOutlet: ["Coastal Wire", ""],
    attributionUrl: ["https://example.com/dredging", ""],
    attributionOrder: ["1", "2"],
    ...fields,
  };
}

async function createViaForm(
  testApp: TestApp,
  session: StaffSession,
  fields: Record<string, string | string[]> = {},
) {
  const response = await session.request({
    method: "POST",
    url: "/admin/articles/",
    form: editorForm(session, fields),
  });
  const id = /\/admin\/articles\/(\d+)\//.exec(String(response.headers.location))?.[1];
  return { response, id: id ? Number(id) : null, testApp };
}

for (const dialect of testDialects()) {
  describe(`the article editor on ${dialect}`, () => {
    it("creates a draft from the form, with tags, hashtags and sources, invisible to the public", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const author = await signInAs(testApp, "author");
      const { response, id } = await createViaForm(testApp, author);
      assert.equal(response.statusCode, 303);
      assert.ok(id);
      const editor = await author.request({ method: "GET", url: `/admin/articles/${id}/` });
      assert.equal(editor.statusCode, 200);
      assert.match(editor.body, /value="Harbour dredging starts"/);
      assert.match(editor.body, /value="Harbour, Dredging, Harbour Works"/);
      assert.match(editor.body, /value="Coastal Wire"/);
      assert.equal((await testApp.app.inject("/harbour-dredging-starts/")).statusCode, 404);
    });

    it("publishes and schedules in the site's time zone, visible at the right moment", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      // TEST_NOW is 12:00 UTC; one minute ahead in UTC (the default site time zone).
      const { id } = await createViaForm(testApp, editor, {
        status: "scheduled",
        publishAt: "2026-11-25T12:01",
        title: "Soon",
      });
      assert.ok(id);
      await createViaForm(testApp, editor, { status: "published", title: "Now" });
      assert.equal((await testApp.app.inject("/now/")).statusCode, 200);
      assert.equal((await testApp.app.inject("/soon/")).statusCode, 404);
      assert.doesNotMatch((await testApp.app.inject("/")).body, /Soon/);
      testApp.setNow(testApp.now() + 60_000);
      assert.equal((await testApp.app.inject("/soon/")).statusCode, 200);
      assert.match((await testApp.app.inject("/")).body, /Soon/);
    });

    it("shows an edit on the public page at the next request, and keeps every save as a revision", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const { id } = await createViaForm(testApp, editor, { status: "published", title: "First title" });
      assert.match((await testApp.app.inject("/first-title/")).body, /First title/);
      const save = await editor.request({
        method: "POST",
        url: `/admin/articles/${id}/`,
        form: editorForm(editor, {
          status: "published",
          title: "Second title",
          slug: "first-title",
          revision: "1",
        }),
      });
      assert.equal(save.statusCode, 303);
      assert.match((await testApp.app.inject("/first-title/")).body, /Second title/);
      const revisions = await listRevisions(testApp.storage.db, id ?? 0);
      assert.deepEqual(
        revisions.map((r) => [r.revision, r.snapshot.title, r.userId]),
        [
          [2, "Second title", editor.user.id],
          [1, "First title", editor.user.id],
        ],
      );
      const compare = await editor.request({ method: "GET", url: `/admin/articles/${id}/revisions/1` });
      assert.match(compare.body, /<del>− First title/);
      assert.match(compare.body, /<ins>\+ Second title/);
      const restore = await editor.request({
        method: "POST",
        url: `/admin/articles/${id}/revisions/1/restore`,
        form: { _csrf: editor.csrf, revision: "2" },
      });
      assert.equal(restore.statusCode, 303);
      assert.match(
        (await testApp.app.inject("/first-title/")).body,
        /<h1 id="article-title">First title<\/h1>/,
      );
      assert.equal((await listRevisions(testApp.storage.db, id ?? 0)).length, 3);
    });

    it("refuses the second of two saves from the same revision, keeping what was typed", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const alice = await signInAs(testApp, "editor");
      const bob = await signInAs(testApp, "editor");
      const { id } = await createViaForm(testApp, alice, { title: "Shared" });
      const first = await alice.request({
        method: "POST",
        url: `/admin/articles/${id}/`,
        form: editorForm(alice, { title: "Alice's version", revision: "1" }),
      });
      assert.equal(first.statusCode, 303);
      const second = await bob.request({
        method: "POST",
        url: `/admin/articles/${id}/`,
        form: editorForm(bob, { title: "Bob's version", revision: "1" }),
      });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /Someone else saved this article/);
      assert.match(second.body, /value="Bob&#39;s version"/);
      const editorPage = await alice.request({ method: "GET", url: `/admin/articles/${id}/` });
      assert.match(editorPage.body, /value="Alice&#39;s version"/);
    });

    it("previews with the public renderer without saving", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const author = await signInAs(testApp, "author");
      const preview = await author.request({
        method: "POST",
        url: "/admin/articles/",
        form: editorForm(author, { action: "preview", body: bodyField("Hello **bold** #Tag_Name") }),
      });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<strong>bold<\/strong>/);
      assert.match(preview.body, /href="\/tag\/tag-name\/"/);
      const list = await author.request({ method: "GET", url: "/admin/articles/" });
      assert.match(list.body, /No articles match/);
    });

    it("rejects bad input with the reasons and creates nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const author = await signInAs(testApp, "author");
      const cases: [Record<string, string | string[]>, RegExp | number][] = [
        [{ title: "  " }, /Give the article a title/],
        [{ imageUrl: "javascript:alert(1)", imageAlt: "x" }, /featured image must be/],
        [{ imageUrl: "/media/a.jpg" }, /alt text/],
        [{ attributionUrl: ["ftp://x", ""] }, /must start with http/],
        [{ status: "scheduled", publishAt: "" }, /Choose when/],
        [{ publishAt: "2026-02-30T10:00" }, /not a valid date/],
        [{ authors: ["", "", "", ""] }, /at least one author/],
        [{ status: "live" }, 400],
        [{ body: "x".repeat(900_001) }, 400],
        [{ body: "not json" }, 400],
        [{ body: JSON.stringify({ type: "doc", content: [{ type: "script", content: [] }] }) }, 400],
      ];
      for (const [fields, expected] of cases) {
        const response = await author.request({
          method: "POST",
          url: "/admin/articles/",
          form: editorForm(author, fields),
        });
        assert.equal(response.statusCode, 400, JSON.stringify(fields).slice(0, 80));
        if (expected instanceof RegExp) assert.match(response.body, expected);
      }
      const list = await author.request({ method: "GET", url: "/admin/articles/" });
      assert.match(list.body, /No articles match/);
    });

    it("needs a CSRF token and a session to save", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const author = await signInAs(testApp, "author");
      const { _csrf, ...withoutToken } = editorForm(author);
      assert.ok(_csrf);
      const forged = await author.request({ method: "POST", url: "/admin/articles/", form: withoutToken });
      assert.equal(forged.statusCode, 403);
      const anonymous = await testApp.app.inject({
        method: "POST",
        url: "/admin/articles/",
        payload: withoutToken,
      });
      assert.equal(anonymous.statusCode, 401);
      assert.equal((await testApp.app.inject({ url: "/admin/articles/" })).statusCode, 303);
      const list = await author.request({ method: "GET", url: "/admin/articles/" });
      assert.match(list.body, /No articles match/);
    });

    it("enforces the ladder: contributors draft, authors publish their own, editors everyone's", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const contributor = await signInAs(testApp, "contributor");
      const author = await signInAs(testApp, "author");
      const editor = await signInAs(testApp, "editor");

      const draft = await createViaForm(testApp, contributor, { title: "Contributor draft" });
      assert.equal(draft.response.statusCode, 303);
      const publishAttempt = await createViaForm(testApp, contributor, {
        title: "Sneaky",
        status: "published",
      });
      assert.equal(publishAttempt.response.statusCode, 403);

      const authored = await createViaForm(testApp, author, { title: "Author piece", status: "published" });
      assert.equal(authored.response.statusCode, 303);
      const save = (session: StaffSession, id: number | null, fields: Record<string, string | string[]>) =>
        session.request({ method: "POST", url: `/admin/articles/${id}/`, form: editorForm(session, fields) });
      // Someone else's article: authors and contributors may not touch it.
      assert.equal((await save(author, draft.id, { title: "Hijack", revision: "1" })).statusCode, 403);
      assert.equal(
        (await save(contributor, authored.id, { title: "Hijack", revision: "1" })).statusCode,
        403,
      );
      // An editor may edit and publish anyone's, keeping its authors.
      const publish = await save(editor, draft.id, {
        title: "Contributor draft",
        status: "published",
        revision: "1",
        authors: [String(contributor.user.authorId)],
      });
      assert.equal(publish.statusCode, 303);
      // Once published, the contributor can no longer change it.
      assert.equal(
        (
          await save(contributor, draft.id, {
            title: "Changed",
            revision: "2",
            authors: [String(contributor.user.authorId)],
          })
        ).statusCode,
        403,
      );
      assert.equal((await testApp.app.inject("/contributor-draft/")).statusCode, 200);
      assert.equal((await testApp.app.inject("/sneaky/")).statusCode, 404);
    });

    it("lists with filters for status, category and title", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const { db } = testApp.storage;
      const category = await makeCategory(db, "Harbour");
      await makeArticle(db, testApp.now(), { title: "Ferry fares rise", categoryIds: [category.id] });
      await makeArticle(db, testApp.now(), {
        title: "Draft on 50% of budgets",
        status: "draft",
        publishedAt: null,
      });
      await makeArticle(db, testApp.now(), { title: "Future ferry", publishedAt: testApp.now() + HOUR });
      const list = async (query: string) =>
        (await editor.request({ method: "GET", url: `/admin/articles/?${query}` })).body;
      const titles = (html: string) =>
        [...html.matchAll(/<a href="\/admin\/articles\/\d+\/">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(titles(await list("status=draft")), ["Draft on 50% of budgets"]);
      assert.deepEqual(titles(await list("status=scheduled")), ["Future ferry"]);
      assert.deepEqual(titles(await list(`category=${category.id}`)), ["Ferry fares rise"]);
      assert.deepEqual(titles(await list("q=FERRY&sort=title")), ["Ferry fares rise", "Future ferry"]);
      assert.deepEqual(titles(await list("q=50%25")), ["Draft on 50% of budgets"]);
      assert.equal(
        (await editor.request({ method: "GET", url: "/admin/articles/?status=gone" })).statusCode,
        400,
      );
    });

    it("closes and reopens an article's comments with the editor's checkbox", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const created = await createViaForm(testApp, editor, { status: "published", commentsClosed: "1" });
      assert.equal(created.response.statusCode, 303);
      const form = await editor.request({ method: "GET", url: `/admin/articles/${created.id}/` });
      assert.match(form.body, /name="commentsClosed" value="1" checked/);
      assert.match((await testApp.app.inject("/harbour-dredging-starts/")).body, /Comments are closed/);
      const reopened = await editor.request({
        method: "POST",
        url: `/admin/articles/${created.id}/`,
        form: editorForm(editor, { status: "published", revision: "1" }),
      });
      assert.equal(reopened.statusCode, 303);
      const page = (await testApp.app.inject("/harbour-dredging-starts/")).body;
      assert.doesNotMatch(page, /Comments are closed/);
      assert.match(page, /Leave a Reply/);
    });

    it("makes a page with the kind switch: no byline needed, public at its slug, not in lists", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const { response, id } = await createViaForm(testApp, editor, {
        kind: "page",
        title: "About us",
        body: bodyField("We report on the harbour."),
        authors: ["", "", "", ""],
        status: "published",
      });
      assert.equal(response.statusCode, 303);
      const form = await editor.request({ method: "GET", url: `/admin/articles/${id}/` });
      assert.match(form.body, /<option value="page" selected>/);
      assert.doesNotMatch(
        form.body,
        /name="authors"|name="commentsClosed"/,
        "a page's form has no byline or comments",
      );
      const page = await testApp.app.inject("/about-us/");
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /class="byline"|data-field="total"/);
      assert.doesNotMatch((await testApp.app.inject("/")).body, /About us/);
      const article = await createViaForm(testApp, editor, { authors: ["", "", "", ""] });
      assert.equal(article.response.statusCode, 400, "an article still needs an author");
    });
  });
}
