import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { commenter, postedId } from "../../../test/helpers/comments.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { formBody } from "../../../test/helpers/forms.js";
import { signInReader } from "../../../test/helpers/readers.js";
import { updateSiteSettings } from "../settings/settings.js";
import { listThreadIds, loadThreads } from "./comment.repository.js";
import { postComment } from "./comment.service.js";

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** Approved comments straight through the service, as many as a test needs. */
async function seedComments(
  testApp: TestApp,
  articleId: number,
  count: number,
  parentId: number | null = null,
) {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    testApp.setNow(testApp.now() + 1000);
    const posted = await postComment(
      testApp.storage.db,
      { commentPolicy: "publish", commentsOpenTo: "anyone", bannedWords: "" },
      {
        article: { id: articleId, commentsClosed: false },
        parentId: parentId ?? null,
        text: `Comment number ${i + 1}`,
        notifyReplies: false,
        commenter: { kind: "guest", key: `guest:${i}`, name: `Person ${i + 1}`, email: `p${i}@example.org` },
        ipHash: "x",
        now: testApp.now(),
      },
    );
    ids.push(posted.id);
  }
  return ids;
}

for (const dialect of testDialects()) {
  describe(`comment threads on ${dialect}`, () => {
    it("pages past 100 top-level threads, oldest or newest first, and sends a new comment to its page", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { commentPolicy: "publish" });
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Busy" });
      const ids = await seedComments(testApp, article.id, 102);
      await seedComments(testApp, article.id, 1, ids[0]);
      const first = textOf((await testApp.app.inject("/busy/")).body);
      assert.match(first, /103 comments/);
      assert.match(first, /Comment number 100 /);
      assert.doesNotMatch(first, /Comment number 101 /);
      assert.match(first, /More comments/);
      const second = await testApp.app.inject("/busy/comments/?page=2");
      assert.equal(second.statusCode, 200);
      assert.match(textOf(second.body), /Comment number 101 .*Comment number 102 /);
      assert.doesNotMatch(textOf(second.body), /More comments/, "page 2 is the last");
      assert.equal((await testApp.app.inject("/busy/comments/?page=3")).statusCode, 404);
      const newest = textOf((await testApp.app.inject("/busy/comments/?order=newest")).body);
      assert.ok(newest.indexOf("Comment number 102 ") < newest.indexOf("Comment number 3 "));
      assert.doesNotMatch(
        newest,
        /Comment number 2 /,
        "the two oldest threads are on page 2 when newest come first",
      );

      const latecomer = commenter(testApp);
      const posted = await latecomer.comment("busy", {
        name: "Late",
        email: "late@example.org",
        body: "Me too",
      });
      assert.equal(posted.headers.location, `/busy/comments/?page=2#comment-${postedId(posted)}`);
    });

    it("reads the public thread without what only staff may see: e-mail, address hash, flags", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Quiet" });
      const [first] = await seedComments(testApp, article.id, 2);
      const threadIds = await listThreadIds(testApp.storage.db, article.id, { order: "oldest", page: 1 });
      assert.equal(threadIds[0], first);
      const rows = await loadThreads(testApp.storage.db, article.id, threadIds);
      assert.deepEqual(
        rows.map((row) => row.body),
        ["Comment number 1", "Comment number 2"],
      );
      for (const row of rows) {
        for (const hidden of ["author_email", "ip_hash", "author_key", "reader_id", "flags"]) {
          assert.ok(!(hidden in row), `${hidden} is not read for the public thread`);
        }
      }
    });

    it("nests replies and lists those beyond depth 4 flat with whom they answer", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Deep" });
      let parent: number | null = null;
      for (let depth = 0; depth < 6; depth++)
        parent = (await seedComments(testApp, article.id, 1, parent))[0] ?? null;
      const html = (await testApp.app.inject("/deep/")).body;
      assert.equal(
        html.match(/<ol class="comment-replies">/g)?.length,
        3,
        "three levels of replies under the top level",
      );
      assert.match(textOf(html), /in reply to Person 1/);
    });

    it("lets signed-in readers comment under their display name, posts via fetch, and shows 'deleted reader' after deletion", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await updateSiteSettings(db, { commentPolicy: "publish", commentsOpenTo: "readers" });
      await makeArticle(db, testApp.now(), { title: "Members" });
      const cookies = await signInReader(testApp, "mia@example.org");
      await testApp.app.inject({
        method: "POST",
        url: "/account/name",
        cookies,
        ...formBody({ display_name: "Mia" }),
      });
      const page = await testApp.app.inject({ url: "/members/", cookies });
      assert.match(textOf(page.body), /Commenting as Mia/);
      assert.doesNotMatch(page.body, /name="email"/);
      const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
      testApp.setNow(testApp.now() + 5000);
      const posted = await testApp.app.inject({
        method: "POST",
        url: "/members/comments",
        cookies,
        ...formBody({ stamp, body: "Signed in", website: "" }, { accept: "application/json" }),
      });
      assert.equal(posted.statusCode, 200, posted.body);
      const result = JSON.parse(posted.body);
      assert.equal(result.status, "approved");
      assert.match(result.html, /Signed in/);
      assert.match(textOf((await testApp.app.inject("/members/")).body), /Mia .*Signed in/);
      await testApp.app.inject({
        method: "POST",
        url: "/account/name",
        cookies,
        ...formBody({ display_name: "Mia M." }),
      });
      assert.match(
        textOf((await testApp.app.inject("/members/")).body),
        /Mia M\. .*Signed in/,
        "renamed everywhere",
      );

      const data = JSON.parse((await testApp.app.inject({ url: "/account/data", cookies })).body);
      assert.equal(data.comments[0].text, "Signed in");
      await testApp.app.inject({
        method: "POST",
        url: "/account/delete",
        cookies,
        ...formBody({ confirm: "yes" }),
      });
      const after = (await testApp.app.inject("/members/")).body;
      assert.match(textOf(after), /deleted reader .*Signed in/);
      assert.doesNotMatch(after, /Mia/);
      const row = await db.selectFrom("comments").selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.author_email, row.author_name, row.reader_id, row.author_key],
        [null, null, null, null],
      );
    });

    it("limits comments per minute per commenter and per address", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, {
        commentLimitPerMinutePerReader: 2,
        commentLimitPerMinutePerIp: 4,
      });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Limits" });
      testApp.setNow(testApp.now() - (testApp.now() % 60_000));
      const chatty = commenter(testApp, "203.0.113.50");
      const codes = [];
      for (let i = 0; i < 3; i++) {
        codes.push(
          (
            await chatty.comment(
              "limits",
              { name: "C", email: "c@example.org", body: `n${i}` },
              { wait: 3000 },
            )
          ).statusCode,
        );
      }
      assert.deepEqual(codes, [303, 303, 429]);
      const neighbour = commenter(testApp, "203.0.113.50");
      assert.equal(
        (await neighbour.comment("limits", { name: "N", email: "n@example.org", body: "hi" }, { wait: 3000 }))
          .statusCode,
        303,
      );
      assert.equal(
        (
          await commenter(testApp, "203.0.113.50").comment(
            "limits",
            { name: "O", email: "o@example.org", body: "hi" },
            { wait: 3000 },
          )
        ).statusCode,
        429,
      );
      testApp.setNow(testApp.now() + 60_000);
      assert.equal(
        (await chatty.comment("limits", { name: "C", email: "c@example.org", body: "later" })).statusCode,
        303,
      );
    });
  });
}
