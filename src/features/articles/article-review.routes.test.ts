import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { type StaffSession, signInAs } from "../../../test/helpers/staff.js";
import type { Mail } from "../mail/mailer.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";

function editorForm(session: StaffSession, fields: Record<string, string | string[]> = {}) {
  return {
    _csrf: session.csrf,
    action: "save",
    title: "Harbour ferries go electric",
    standfirst: "",
    body: JSON.stringify(markdownToDoc("The first **two** arrive in 2028.")),
    tags: "",
    authors: [String(session.user.authorId)],
    status: "draft",
    publishAt: "",
    ...fields,
  };
}

const post = (session: StaffSession, url: string, form: Record<string, string | string[]>) =>
  session.request({ method: "POST", url, form: { _csrf: session.csrf, ...form } });

const saveArticle = (
  session: StaffSession,
  id: number | null,
  fields: Record<string, string | string[]> = {},
) =>
  session.request({
    method: "POST",
    url: id === null ? "/admin/articles/" : `/admin/articles/${id}/`,
    form: editorForm(session, fields),
  });

const idOf = (location: unknown) => Number(/\/admin\/articles\/(\d+)\//.exec(String(location))?.[1]);
const page = async (session: StaffSession, url: string) =>
  (await session.request({ method: "GET", url })).body;

/** The staff list's status badge of the article with this title. */
async function badgeOf(session: StaffSession, title: string) {
  const list = await page(session, "/admin/articles/");
  const row = list.split("<tr>").find((cells) => cells.includes(`>${title}</a>`)) ?? "";
  return /<span class="status status-[a-z]+">([^<]+)<\/span>/.exec(row)?.[1];
}

async function newsroom(t: Parameters<typeof buildTestApp>[0], dialect: Parameters<typeof buildTestApp>[1]) {
  const mails: Mail[] = [];
  const testApp = await buildTestApp(t, dialect, { mailer: { send: async (mail) => void mails.push(mail) } });
  const contributor = await signInAs(testApp, "contributor", "Maren Holm");
  const editor = await signInAs(testApp, "editor", "Ines Editor");
  return { testApp, mails, contributor, editor };
}

async function submitted(contributor: StaffSession, title = "Harbour ferries go electric") {
  const response = await saveArticle(contributor, null, { action: "submit", title });
  assert.equal(response.statusCode, 303, response.body);
  assert.match(String(response.headers.location), /notice=submitted/);
  return idOf(response.headers.location);
}

const publicStatus = async (testApp: TestApp, slug: string) =>
  (await testApp.app.inject(`/${slug}/`)).statusCode;

for (const dialect of testDialects()) {
  describe(`review before publish on ${dialect}`, () => {
    it("a contributor's submission e-mails everyone who can publish and waits on their dashboard", async (t) => {
      const { testApp, mails, contributor, editor } = await newsroom(t, dialect);
      const author = await signInAs(testApp, "author");
      const administrator = await signInAs(testApp, "administrator");
      const suspended = await signInAs(testApp, "editor");
      await testApp.storage.db
        .updateTable("users")
        .set({ suspended_at: testApp.now() })
        .where("id", "=", suspended.user.id)
        .execute();

      const id = await submitted(contributor);

      const recipients = mails.map((mail) => mail.to).sort();
      assert.deepEqual(recipients, [administrator.user.email, editor.user.email].sort());
      assert.ok(!recipients.includes(author.user.email) && !recipients.includes(suspended.user.email));
      assert.match(mails[0]?.subject ?? "", /Waiting for review: Harbour ferries go electric/);
      assert.match(mails[0]?.text ?? "", new RegExp(`https://news.example.test/admin/articles/${id}/`));
      assert.match(mails[0]?.text ?? "", /Maren Holm submitted/);

      const dashboard = await page(editor, "/admin/");
      assert.match(dashboard, /Waiting for review/);
      assert.match(
        dashboard,
        new RegExp(`href="/admin/articles/${id}/">Harbour ferries go electric</a> by Maren Holm`),
      );
      assert.doesNotMatch(await page(contributor, "/admin/"), /Waiting for review/);
      assert.equal(await badgeOf(contributor, "Harbour ferries go electric"), "waiting for review");
      const pendingOnly = await page(editor, "/admin/articles/?status=pending");
      assert.match(pendingOnly, /Harbour ferries go electric/);
      assert.equal(
        await publicStatus(testApp, "harbour-ferries-go-electric"),
        404,
        "still a draft to readers",
      );
    });

    it("a contributor can neither publish, approve nor send back", async (t) => {
      const { contributor } = await newsroom(t, dialect);
      const id = await submitted(contributor);
      const attempts: Record<string, string>[] = [
        { action: "publish" },
        { status: "published" },
        { status: "scheduled", publishAt: "2027-01-01T09:00" },
      ];
      for (const fields of attempts) {
        const response = await saveArticle(contributor, id, { revision: "1", ...fields });
        assert.equal(response.statusCode, 403, JSON.stringify(fields));
      }
      const response = await post(contributor, `/admin/articles/${id}/send-back`, { note: "Looks fine" });
      assert.equal(response.statusCode, 403);
      const editorPage = await page(contributor, `/admin/articles/${id}/`);
      assert.match(editorPage, /Waiting for review since/);
      assert.doesNotMatch(editorPage, /value="publish"/);
      assert.doesNotMatch(editorPage, /Send back/);
    });

    it("sent back with a note, the contributor sees the note, resubmits, and the editor publishes", async (t) => {
      const { testApp, mails, contributor, editor } = await newsroom(t, dialect);
      const id = await submitted(contributor);

      const editorView = await page(editor, `/admin/articles/${id}/`);
      assert.match(editorView, /value="publish"/);
      const sentBack = await post(editor, `/admin/articles/${id}/send-back`, {
        note: "Name the <shipyard> & add a source.",
      });
      assert.equal(sentBack.statusCode, 303, sentBack.body);
      const again = await post(editor, `/admin/articles/${id}/send-back`, { note: "Twice" });
      assert.equal(again.statusCode, 400, "only a pending draft can be sent back");

      const writerView = await page(contributor, `/admin/articles/${id}/`);
      assert.match(writerView, /An editor sent this draft back/);
      assert.match(writerView, /<strong>Ines Editor<\/strong> sent it back/);
      assert.match(writerView, /Name the &lt;shipyard&gt; &amp; add a source\./);
      assert.equal(await badgeOf(contributor, "Harbour ferries go electric"), "sent back");
      assert.doesNotMatch(await page(editor, "/admin/"), /Harbour ferries go electric/);

      const resubmitted = await saveArticle(contributor, id, { action: "submit", revision: "1" });
      assert.equal(resubmitted.statusCode, 303, resubmitted.body);
      assert.equal(mails.length, 2);

      const published = await saveArticle(editor, id, { action: "publish", revision: "2" });
      assert.equal(published.statusCode, 303, published.body);
      assert.equal(await publicStatus(testApp, "harbour-ferries-go-electric"), 200);
      assert.equal(await badgeOf(contributor, "Harbour ferries go electric"), "published");
      assert.doesNotMatch(await page(editor, "/admin/"), /Harbour ferries go electric/);
      const publicPage = (await testApp.app.inject("/harbour-ferries-go-electric/")).body;
      assert.doesNotMatch(publicPage, /shipyard/, "notes are never public");
    });

    it("an editor may schedule a submitted draft instead, which ends its review", async (t) => {
      const { testApp, contributor, editor } = await newsroom(t, dialect);
      const id = await submitted(contributor);
      const scheduled = await saveArticle(editor, id, {
        revision: "1",
        status: "scheduled",
        publishAt: "2027-03-01T09:00",
      });
      assert.equal(scheduled.statusCode, 303, scheduled.body);
      const reviews = await testApp.storage.db.selectFrom("article_reviews").selectAll().execute();
      assert.deepEqual(reviews, []);
      assert.equal(await badgeOf(editor, "Harbour ferries go electric"), "scheduled");
    });

    it("only a draft is submitted: a published article stays published", async (t) => {
      const { testApp, editor } = await newsroom(t, dialect);
      const created = await saveArticle(editor, null, { status: "published" });
      const id = idOf(created.headers.location);
      const response = await saveArticle(editor, id, { action: "submit", revision: "1" });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Only a draft is submitted for review/);
      assert.equal(await publicStatus(testApp, "harbour-ferries-go-electric"), 200);
    });
  });

  describe(`editorial notes on ${dialect}`, () => {
    it("lists each note with its writer's name and time, newest first, on staff pages only", async (t) => {
      const { testApp, contributor, editor } = await newsroom(t, dialect);
      const created = await saveArticle(editor, null, { status: "published" });
      const id = idOf(created.headers.location);
      assert.equal(
        (await post(editor, `/admin/articles/${id}/notes`, { note: "Check the ferry count" })).statusCode,
        303,
      );
      testApp.setNow(testApp.now() + 60_000);
      assert.equal(
        (await post(editor, `/admin/articles/${id}/notes`, { note: "Legal has read it" })).statusCode,
        303,
      );

      const view = await page(editor, `/admin/articles/${id}/`);
      const first = view.indexOf("Legal has read it");
      const second = view.indexOf("Check the ferry count");
      assert.ok(first > 0 && second > first, "newest first");
      assert.match(view, /<strong>Ines Editor<\/strong> · <time datetime="2026-11-25T12:01:00.000Z">/);
      assert.doesNotMatch(
        (await testApp.app.inject("/harbour-ferries-go-electric/")).body,
        /Legal has read it/,
      );

      // roles.ts: the newsroom's notes on someone else's article are not a contributor's to read.
      const outsider = await page(contributor, `/admin/articles/${id}/`);
      assert.doesNotMatch(outsider, /Legal has read it|Editorial notes/);
      const forbidden = await post(contributor, `/admin/articles/${id}/notes`, { note: "Sneaky" });
      assert.equal(forbidden.statusCode, 403);
      // A form naming the contributor as author (refused for its empty title) still shows no notes.
      const crafted = await saveArticle(contributor, id, { title: "", revision: "1" });
      assert.equal(crafted.statusCode, 400);
      assert.doesNotMatch(crafted.body, /Legal has read it|Editorial notes/);
    });

    it("refuses an empty note, a note too long and an unknown article", async (t) => {
      const { contributor } = await newsroom(t, dialect);
      const id = await submitted(contributor);
      assert.equal((await post(contributor, `/admin/articles/${id}/notes`, { note: "   " })).statusCode, 400);
      const tooLong = await post(contributor, `/admin/articles/${id}/notes`, { note: "x".repeat(4001) });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(
        (await post(contributor, "/admin/articles/9999/notes", { note: "Hello" })).statusCode,
        404,
      );
      assert.equal(
        (await post(contributor, `/admin/articles/${id}/notes`, { note: "My own" })).statusCode,
        303,
      );
      assert.match(await page(contributor, `/admin/articles/${id}/`), /My own/);
    });
  });
}
