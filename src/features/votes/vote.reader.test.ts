import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { formBody } from "../../../test/helpers/forms.js";
import { signInReader } from "../../../test/helpers/readers.js";

for (const dialect of testDialects()) {
  describe(`votes by signed-in readers on ${dialect}`, () => {
    it("belong to the reader's account on every device they sign in on", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Shared" });
      const laptop = await signInReader(testApp, "voter@example.org");
      const phone = await signInReader(testApp, "voter@example.org");
      assert.notDeepEqual(laptop, phone, "two sessions");
      const cast = await testApp.app.inject({
        method: "POST",
        url: "/api/v1/articles/shared/votes",
        cookies: laptop,
        payload: { value: 1 },
      });
      assert.equal(cast.statusCode, 200, cast.body);
      assert.equal(JSON.parse(cast.body).mine, 1);
      const seen = await testApp.app.inject({ url: "/api/v1/articles/shared/votes", cookies: phone });
      assert.equal(JSON.parse(seen.body).mine, 1, "the phone sees the vote cast on the laptop");
      const form = await testApp.app.inject({
        method: "POST",
        url: "/shared/vote",
        cookies: phone,
        ...formBody({ value: "-1" }),
      });
      assert.equal(form.statusCode, 303);
      const rows = await testApp.storage.db
        .selectFrom("votes")
        .select(["voter_key", "value"])
        .where("article_id", "=", article.id)
        .execute();
      assert.equal(rows.length, 1, "one vote per reader, changed from the second device");
      assert.match(rows[0]?.voter_key ?? "", /^reader:\d+$/);
      assert.equal(rows[0]?.value, -1);

      const data = JSON.parse((await testApp.app.inject({ url: "/account/data", cookies: phone })).body);
      assert.deepEqual(
        data.votes.map((vote: { articleId: number; value: number }) => [vote.articleId, vote.value]),
        [[article.id, -1]],
      );
      const deleted = await testApp.app.inject({
        method: "POST",
        url: "/account/delete",
        cookies: phone,
        ...formBody({ confirm: "yes" }),
      });
      assert.equal(deleted.statusCode, 303);
      const after = await testApp.storage.db.selectFrom("votes").select(["voter_key", "value"]).execute();
      assert.equal(after.length, 1, "the vote still counts");
      assert.match(after[0]?.voter_key ?? "", /^anon:/, "but no longer points at the deleted account");
    });
  });
}
