import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../test/helpers/app.js";
import { seedComment } from "../../test/helpers/comments.js";
import { testDialects } from "../../test/helpers/databases.js";
import { HOUR, makeArticle, makeAuthor, makeCategory } from "../../test/helpers/factories.js";
import { updateSiteSettings } from "../features/settings/settings.js";

const GERMAN_DATE =
  /\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4} um \d{2}:\d{2}/;

for (const dialect of testDialects()) {
  describe(`the site's language on ${dialect}`, () => {
    it("turns a cached English article page German once the setting changes", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      const category = await makeCategory(db, "Politik");
      const [ada, bo] = [await makeAuthor(db, "Ada Reporterin"), await makeAuthor(db, "Bo Fotograf")];
      const article = await makeArticle(db, now, {
        title: "Der Rat tagt",
        categoryIds: [category.id],
        authorIds: [ada.id, bo.id],
        publishedAt: now - 2 * HOUR,
        attributions: [{ kind: "quoted", outlet: "Agentur Zwei", url: null }],
      });
      await seedComment(db, { articleId: article.id, now });

      const english = await testApp.app.inject(`/${article.slug}/`);
      assert.match(english.body, /<html lang="en">/);
      assert.match(english.body, /Quoted by Agentur Zwei/);
      assert.match(english.body, /1 comment</);

      await updateSiteSettings(db, { language: "de", timeZone: "Europe/Berlin" });
      const german = await testApp.app.inject(`/${article.slug}/`);
      assert.equal(german.statusCode, 200);
      assert.match(german.body, /<html lang="de">/);
      assert.match(german.body, /Von <a rel="author"[^>]*>Ada Reporterin<\/a> und <a rel="author"/);
      assert.match(
        german.body,
        new RegExp(`Veröffentlicht am <time datetime="[^"]+">${GERMAN_DATE.source}</time>`),
      );
      assert.match(german.body, /Zitiert von Agentur Zwei/);
      assert.match(german.body, new RegExp(`In <a href="/category/${category.slug}/">Politik</a>`));
      assert.match(german.body, />1 Kommentar</);
      assert.doesNotMatch(german.body, /Quoted by|Published <|>Related</);

      await seedComment(db, { articleId: article.id, now });
      const twoComments = await testApp.app.inject(`/${article.slug}/`);
      assert.match(twoComments.body, />2 Kommentare</);
    });

    it("speaks the site's language on list and error pages", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const category = await makeCategory(testApp.storage.db, "Sport");
      await updateSiteSettings(testApp.storage.db, { language: "es" });
      const section = await testApp.app.inject(`/category/${category.slug}/`);
      assert.match(section.body, /<p class="list-kicker">Sección<\/p>/);
      assert.match(section.body, /Todavía no se ha publicado nada aquí\./);
      const missing = await testApp.app.inject("/no-such-page/");
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Página no encontrada/);
      assert.match(missing.body, /No hay nada en esta dirección\./);
      const api = await testApp.app.inject({
        url: "/no-such-page/",
        headers: { accept: "application/json" },
      });
      assert.match(JSON.parse(api.body).error.message, /not found/, "the API stays English");
    });
  });
}
