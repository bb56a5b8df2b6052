import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { insertGeneratedArticles } from "../articles/article.bulk.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { searchArticles } from "./search.service.js";

const NOW = Date.UTC(2026, 11, 1, 12);

for (const dialect of testDialects()) {
  describe(`search entries of a bulk load on ${dialect}`, () => {
    it("finds each article by its own title and standfirst, and by the body it shares with others", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const bodies = [markdownToDoc("The harbour wall held."), markdownToDoc("Lighthouse keepers voted.")];
      // Five articles, the two bodies taking turns, each title and standfirst with a word of its own.
      const names = ["amber", "basalt", "cobalt", "dune", "ember"];
      const ids = await db.transaction().execute((trx) =>
        insertGeneratedArticles(
          trx,
          names.map((name, n) => ({
            title: `${name} report`,
            standfirst: `Standfirst ${name}x.`,
            body: bodies[n % 2] as (typeof bodies)[number],
            categoryIds: [],
            tagNames: [],
            authorIds: [],
            publishedAt: NOW - 1000 * (n + 1),
          })),
          NOW,
        ),
      );
      const found = async (query: string) =>
        (
          await searchArticles(db, { query, filter: {}, page: 1, perPage: 10, now: NOW, language: "en" })
        ).items
          .map((item) => item.article.id)
          .sort((a, b) => a - b);
      for (const [n, name] of names.entries()) {
        assert.deepEqual(await found(name), [ids[n]], `title word "${name}"`);
        assert.deepEqual(await found(`${name}x`), [ids[n]], `standfirst word "${name}x"`);
      }
      assert.deepEqual(await found("harbour"), [ids[0], ids[2], ids[4]]);
      assert.deepEqual(await found("lighthouse"), [ids[1], ids[3]]);
    });
  });
}
