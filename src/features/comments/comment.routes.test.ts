import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { commenter, postedId } from "../../../test/helpers/comments.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { updateSiteSettings } from "../settings/settings.js";
import { moderateComments } from "./comment.service.js";

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

for (const dialect of testDialects()) {
  describe(`posting comments on ${dialect}`, () => {
    it("holds a first-time commenter, shows the held comment to its author only, then publishes on approval", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Talk" });
      const ada = commenter(testApp);
      const posted = await ada.comment("talk", {
        name: "Ada",
        email: "ada@example.org",
        body: "First!\n\nSecond paragraph",
      });
      assert.equal(posted.statusCode, 303);
      const id = postedId(posted);
      assert.ok(ada.hasGuestCookie());
      const own = await ada.get("/talk/");
      assert.match(own.body, new RegExp(`id="comment-${id}"`));
      assert.match(textOf(own.body), /awaiting moderation/);
      assert.match(textOf(own.body), /0 comments/);
      const stranger = await commenter(testApp, "198.51.100.1").get("/talk/");
      assert.doesNotMatch(stranger.body, /First!/);

      // No line on the card while there is no published comment: "0 comments" is noise.
      assert.doesNotMatch((await testApp.app.inject("/")).body, /talk\/#comments/);
      await moderateComments(testApp.storage.db, [id], "approve");
      assert.match((await testApp.app.inject("/")).body, /<a href="\/talk\/#comments">1 comment<\/a>/);
      const after = await commenter(testApp, "198.51.100.1").get("/talk/");
      assert.match(after.body, /<p>First!<\/p><p>Second paragraph<\/p>/);
      assert.match(textOf(after.body), /1 comment /);
      assert.match(after.body, /<a href="#comments">1 comment<\/a>/);
      assert.doesNotMatch(after.body, /ada@example\.org/, "the e-mail address is never shown");

      const second = await ada.comment("talk", { name: "Ada", email: "ada@example.org", body: "Again" });
      const secondId = postedId(second);
      const row = await testApp.storage.db
        .selectFrom("comments")
        .selectAll()
        .where("id", "=", secondId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "approved", "after one approved comment, the next ones appear at once");
      assert.equal(row.article_id, article.id);
    });

    it("tells the page's script why a late edit failed, in JSON, and a browser form in a page", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { commentPolicy: "publish" });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Late" });
      const author = commenter(testApp);
      const id = postedId(await author.comment("late", { name: "L", email: "l@example.org", body: "Tpyo" }));
      testApp.setNow(testApp.now() + 10 * 60_000 + 1);
      // What public/comments.js sends: it reads the answer with response.json().
      const fromScript = await author.postForm(
        `/comments/${id}/edit`,
        { body: "Too late" },
        { accept: "application/json" },
      );
      assert.equal(fromScript.statusCode, 403);
      assert.match(String(fromScript.headers["content-type"]), /^application\/json/);
      assert.deepEqual(fromScript.json(), {
        error: { code: "EDIT_WINDOW_OVER", message: "Comments can be edited for 10 minutes after posting." },
      });
      const fromForm = await author.postForm(`/comments/${id}/edit`, { body: "Too late" });
      assert.equal(fromForm.statusCode, 403);
      assert.match(String(fromForm.headers["content-type"]), /^text\/html/);
      assert.match(fromForm.body, /can be edited for 10 minutes/);
    });

    it("keeps what the reader typed on a 400 for an oversize comment, and refuses cross-site posts", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Long" });
      const reader = commenter(testApp);
      const long = `${"word ".repeat(1000)}<end>`;
      const response = await reader.comment("long", { name: "Bo", email: "bo@example.org", body: long });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /at most 5,000 characters/);
      assert.ok(response.body.includes("word word word"), "the text comes back in the form");
      assert.ok(response.body.includes("&lt;end&gt;</textarea>"));
      assert.match(response.body, /value="Bo"/);
      const forged = await reader.comment(
        "long",
        { name: "Bo", email: "bo@example.org", body: "hi" },
        { headers: { "sec-fetch-site": "cross-site" } },
      );
      assert.equal(forged.statusCode, 403);
      const count = await testApp.storage.db
        .selectFrom("comments")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it("catches the honeypot and posts sent faster than a person types", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Bots" });
      const bot = commenter(testApp);
      const trap = await bot.comment("bots", {
        name: "B",
        email: "b@example.org",
        body: "buy",
        website: "http://spam.example",
      });
      assert.equal(trap.statusCode, 400);
      const fast = await bot.comment(
        "bots",
        { name: "B", email: "b@example.org", body: "quick" },
        { wait: 500 },
      );
      assert.equal(fast.statusCode, 400);
      assert.match(fast.body, /That was quick/);
      const forgedStamp = await bot.postForm("/bots/comments", {
        stamp: "1.AAAAAAAAAAAAAAAAAAAAAA",
        name: "B",
        email: "b@example.org",
        body: "x",
      });
      assert.equal(forgedStamp.statusCode, 400);
      const human = await bot.comment("bots", { name: "B", email: "b@example.org", body: "I typed this" });
      assert.equal(human.statusCode, 303);
    });

    it("closes comments site-wide, per article, and to guests when only readers may comment", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await makeArticle(db, testApp.now(), { title: "Shut", commentsClosed: true });
      await makeArticle(db, testApp.now(), { title: "Open" });
      const guest = commenter(testApp);
      const shut = await guest.comment("shut", { name: "G", email: "g@example.org", body: "hello" });
      assert.equal(shut.statusCode, 403);
      assert.match(textOf((await guest.get("/shut/")).body), /Comments are closed/);
      await updateSiteSettings(db, { commentsOpenTo: "readers" });
      const page = await guest.get("/open/");
      assert.match(textOf(page.body), /Sign in to comment/);
      const refused = await guest.comment("open", { name: "G", email: "g@example.org", body: "hello" });
      assert.equal(refused.statusCode, 401);
      await updateSiteSettings(db, { commentsOpenTo: "nobody" });
      assert.equal(
        (await guest.comment("open", { name: "G", email: "g@example.org", body: "hello" })).statusCode,
        403,
      );
    });
  });
}
