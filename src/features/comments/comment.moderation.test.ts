import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { commenter, postedId } from "../../../test/helpers/comments.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { createMailer } from "../mail/mailer.js";
import { updateSiteSettings } from "../settings/settings.js";

const statusOf = async (testApp: Awaited<ReturnType<typeof buildTestApp>>, id: number) =>
  (
    await testApp.storage.db
      .selectFrom("comments")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).status;

/** Ann, Ben and Cy each comment on the article from their own address (203.0.113.<firstHost + n>); their ids. */
async function commentsByThree(
  testApp: TestApp,
  slug: string,
  firstHost: number,
  body: (name: string) => string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, name] of ["Ann", "Ben", "Cy"].entries()) {
    const person = commenter(testApp, `203.0.113.${index + firstHost}`);
    ids.push(postedId(await person.comment(slug, { name, email: `${name}@example.org`, body: body(name) })));
  }
  return ids;
}

for (const dialect of testDialects()) {
  describe(`comment moderation on ${dialect}`, () => {
    it("approves, marks spam and removes from the queue in bulk; spam holds the commenter's next comment", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Queue" });
      const ids = await commentsByThree(testApp, "queue", 1, (name) => `Hello from ${name}`);
      const editor = await signInAs(testApp, "editor");
      const queue = await editor.request({ method: "GET", url: "/admin/comments/" });
      assert.equal(queue.statusCode, 200);
      for (const name of ["Ann", "Ben", "Cy"]) assert.match(queue.body, new RegExp(`Hello from ${name}`));
      assert.match(queue.body, /First comment from this commenter/);
      const [ann = 0, ben = 0, cy = 0] = ids;
      const approve = await editor.request({
        method: "POST",
        url: "/admin/comments/moderate",
        form: { _csrf: editor.csrf, id: [String(ann), String(cy)], action: "approve" },
      });
      assert.equal(approve.statusCode, 303);
      await editor.request({
        method: "POST",
        url: "/admin/comments/moderate",
        form: { _csrf: editor.csrf, id: String(ben), action: "spam" },
      });
      assert.deepEqual(
        [await statusOf(testApp, ann), await statusOf(testApp, ben), await statusOf(testApp, cy)],
        ["approved", "spam", "approved"],
      );
      const page = (await testApp.app.inject("/queue/")).body;
      assert.match(page, /2 comments/);
      assert.doesNotMatch(page, /Hello from Ben/);

      // Removing is a status, not a deletion; the count follows.
      await editor.request({
        method: "POST",
        url: "/admin/comments/moderate",
        form: { _csrf: editor.csrf, id: String(cy), action: "remove" },
      });
      assert.equal(await statusOf(testApp, cy), "removed");
      assert.match((await testApp.app.inject("/queue/")).body, /<a href="#comments">1 comment<\/a>/);

      await updateSiteSettings(testApp.storage.db, { commentPolicy: "publish" });
      const again = await commenter(testApp, "203.0.113.2").comment("queue", {
        name: "Ben",
        email: "ben@example.org",
        body: "Me again",
      });
      const row = await testApp.storage.db
        .selectFrom("comments")
        .select(["status", "held_reason"])
        .where("id", "=", postedId(again))
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: "pending", held_reason: "earlier-spam" });
      const spamQueue = await editor.request({ method: "GET", url: "/admin/comments/?queue=spam" });
      assert.match(spamQueue.body, /Hello from Ben/);
    });

    it("gives each queued comment its own Approve, Spam and Remove; an empty bulk action explains itself in place", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Rows" });
      const ids = await commentsByThree(testApp, "rows", 10, (name) => `Hi ${name}`);
      const [ann = 0, ben = 0, cy = 0] = ids;
      const editor = await signInAs(testApp, "editor");
      const queue = (await editor.request({ method: "GET", url: "/admin/comments/" })).body;
      for (const id of ids) {
        for (const action of ["approve", "spam", "remove"]) {
          const button = new RegExp(
            `<button[^>]*formaction="/admin/comments/${id}/moderate"[^>]*name="action" value="${action}"`,
          );
          assert.match(queue, button, `${action} button of comment ${id}`);
        }
      }
      // A row's button acts on its own comment only, whatever else is ticked in the bulk form.
      const one = await editor.request({
        method: "POST",
        url: `/admin/comments/${ann}/moderate`,
        form: { _csrf: editor.csrf, queue: "pending", id: [String(ben)], action: "approve" },
      });
      assert.equal(one.statusCode, 303);
      assert.equal(one.headers.location, "/admin/comments/?queue=pending&notice=saved");
      await editor.request({
        method: "POST",
        url: `/admin/comments/${cy}/moderate`,
        form: { _csrf: editor.csrf, queue: "pending", action: "spam" },
      });
      assert.deepEqual(
        [await statusOf(testApp, ann), await statusOf(testApp, ben), await statusOf(testApp, cy)],
        ["approved", "pending", "spam"],
      );
      // In the spam queue a comment can be approved or removed, not marked spam again.
      const spam = (await editor.request({ method: "GET", url: "/admin/comments/?queue=spam" })).body;
      assert.match(spam, new RegExp(`formaction="/admin/comments/${cy}/moderate"[^>]*value="approve"`));
      assert.doesNotMatch(spam, new RegExp(`formaction="/admin/comments/${cy}/moderate"[^>]*value="spam"`));

      const empty = await editor.request({
        method: "POST",
        url: "/admin/comments/moderate",
        form: { _csrf: editor.csrf, queue: "pending", action: "approve" },
      });
      assert.equal(empty.statusCode, 400);
      assert.match(String(empty.headers["content-type"]), /text\/html/);
      assert.doesNotMatch(empty.body, /id="error-title"/);
      assert.match(empty.body, /<h1>Reader comments<\/h1>/);
      assert.match(empty.body, /role="alert"[^>]*>\s*Tick at least one comment/);
      assert.match(empty.body, /Hi Ben/);
      const unknown = await editor.request({
        method: "POST",
        url: "/admin/comments/999999/moderate",
        form: { _csrf: editor.csrf, queue: "pending", action: "approve" },
      });
      assert.equal(unknown.statusCode, 404);
      const forged = await editor.request({
        method: "POST",
        url: `/admin/comments/${ben}/moderate`,
        form: { _csrf: "forged", queue: "pending", action: "approve" },
      });
      assert.equal(forged.statusCode, 403);
      const author = await signInAs(testApp, "author");
      const refused = await author.request({
        method: "POST",
        url: `/admin/comments/${ben}/moderate`,
        form: { _csrf: author.csrf, queue: "pending", action: "approve" },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(await statusOf(testApp, ben), "pending");
    });

    it("bans a commenter's address: their held comments go to spam and new ones are refused", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Ban" });
      const troll = commenter(testApp);
      const id = postedId(
        await troll.comment("ban", { name: "T", email: "troll@example.org", body: "nasty" }),
      );
      const editor = await signInAs(testApp, "editor");
      const ban = await editor.request({
        method: "POST",
        url: `/admin/comments/${id}/ban`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(ban.statusCode, 303);
      assert.equal(await statusOf(testApp, id), "spam");
      const fresh = commenter(testApp, "198.51.100.77");
      const refused = await fresh.comment("ban", { name: "T2", email: "TROLL@example.org", body: "back" });
      assert.equal(refused.statusCode, 403);
      const typed = await editor.request({
        method: "POST",
        url: "/admin/comments/bans",
        form: { _csrf: editor.csrf, email: "Other@Example.org" },
      });
      assert.equal(typed.statusCode, 303);
      const other = await commenter(testApp, "198.51.100.78").comment("ban", {
        name: "O",
        email: "other@example.org",
        body: "hi",
      });
      assert.equal(other.statusCode, 403);
      const dashboard = await editor.request({ method: "GET", url: "/admin/" });
      assert.match(dashboard.body, /Reader comments \(published\)/);
    });

    it("sends a comment reported by enough readers back to the queue, counting each reader once", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { commentPolicy: "publish", commentFlagThreshold: 2 });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Flags" });
      const id = postedId(
        await commenter(testApp).comment("flags", { name: "P", email: "p@example.org", body: "Provocative" }),
      );
      assert.equal(await statusOf(testApp, id), "approved");
      const first = commenter(testApp, "198.51.100.1");
      assert.equal((await first.get(`/comments/${id}/report`)).statusCode, 200);
      assert.equal((await first.postForm(`/comments/${id}/report`, {})).statusCode, 200);
      await first.postForm(`/comments/${id}/report`, {});
      assert.equal(await statusOf(testApp, id), "approved", "one reader reporting twice counts once");
      await commenter(testApp, "198.51.100.2").postForm(`/comments/${id}/report`, {});
      assert.equal(await statusOf(testApp, id), "pending");
      assert.doesNotMatch((await testApp.app.inject("/flags/")).body, /Provocative/);
      const editor = await signInAs(testApp, "editor");
      assert.match(
        (await editor.request({ method: "GET", url: "/admin/comments/?queue=reported" })).body,
        /Reported by readers/,
      );
    });

    it("lets editors edit any comment, commenters their own for 10 minutes only", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { commentPolicy: "publish" });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Edits" });
      const author = commenter(testApp);
      const id = postedId(await author.comment("edits", { name: "E", email: "e@example.org", body: "Tpyo" }));
      assert.match((await author.get("/edits/")).body, new RegExp(`/comments/${id}/edit`));
      const other = commenter(testApp, "198.51.100.3");
      assert.equal((await other.postForm(`/comments/${id}/edit`, { body: "Hijacked" })).statusCode, 404);
      assert.equal((await author.postForm(`/comments/${id}/edit`, { body: "Typo" })).statusCode, 303);
      assert.match((await other.get("/edits/")).body, /<p>Typo<\/p>/);
      testApp.setNow(testApp.now() + 10 * 60_000 + 1);
      const late = await author.postForm(`/comments/${id}/edit`, { body: "Too late" });
      assert.equal(late.statusCode, 403);
      const editor = await signInAs(testApp, "editor");
      const published = await editor.request({ method: "GET", url: "/admin/comments/?queue=approved" });
      assert.match(
        published.body,
        new RegExp(`/admin/comments/${id}/edit`),
        "editors find any published comment",
      );
      const staffEdit = await editor.request({
        method: "POST",
        url: `/admin/comments/${id}/edit`,
        form: { _csrf: editor.csrf, body: "Edited by staff" },
      });
      assert.equal(staffEdit.statusCode, 303);
      assert.match((await other.get("/edits/")).body, /Edited by staff/);
    });

    it("e-mails one notification per approved reply over SMTP, with a signed one-click unsubscribe", async (t) => {
      const smtp = await startSmtpListener(t);
      const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "News <news@example.test>" }, { info() {} });
      const testApp = await buildTestApp(t, dialect, { mailer });
      await updateSiteSettings(testApp.storage.db, { commentPolicy: "hold-all" });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Notify" });
      const asker = commenter(testApp, "198.51.100.10");
      const parent = postedId(
        await asker.comment("notify", {
          name: "Asker",
          email: "asker@example.org",
          body: "Question?",
          notify: "1",
        }),
      );
      const editor = await signInAs(testApp, "editor");
      const approve = (id: number) =>
        editor.request({
          method: "POST",
          url: "/admin/comments/moderate",
          form: { _csrf: editor.csrf, id: String(id), action: "approve" },
        });
      await approve(parent);
      const answerer = commenter(testApp, "198.51.100.11");
      const reply = postedId(
        await answerer.comment("notify", {
          name: "Answerer",
          email: "answer@example.org",
          body: "Answer.",
          parent_id: String(parent),
        }),
      );
      assert.equal(smtp.inbox.length, 0, "nothing is sent while the reply is held");
      await approve(reply);
      await approve(reply);
      assert.equal(smtp.inbox.length, 1, "one e-mail per approved reply, even when approved twice");
      const mail = smtp.inbox[0];
      assert.ok(mail);
      assert.deepEqual(mail.to, ["asker@example.org"]);
      const text = mailText(mail);
      assert.ok(text.includes(`https://news.example.test/notify/#comment-${reply}`));
      const unsubscribe = /https:\/\/news\.example\.test(\/comments\/\d+\/unsubscribe\/[\w-]+)/.exec(
        text,
      )?.[1];
      assert.ok(unsubscribe);
      assert.equal(
        (await testApp.app.inject(unsubscribe.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).statusCode,
        404,
        "a forged signature does nothing",
      );
      assert.equal((await testApp.app.inject(unsubscribe)).statusCode, 200);
      const second = postedId(
        await answerer.comment("notify", {
          name: "Answerer",
          email: "answer@example.org",
          body: "More.",
          parent_id: String(parent),
        }),
      );
      await approve(second);
      assert.equal(smtp.inbox.length, 1, "no more e-mails after unsubscribing");
    });
  });
}
