import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, TEST_NOW, type TestApp } from "../../test/helpers/app.js";
import { testDialects } from "../../test/helpers/databases.js";
import { HOUR, makeArticle, makeCategory } from "../../test/helpers/factories.js";
import { newsletterInput } from "../../test/helpers/newsletters.js";
import { signInReader } from "../../test/helpers/readers.js";
import { insertNewsletter } from "../features/newsletters/newsletter.repository.js";
import { type SiteSettings, updateSiteSettings } from "../features/settings/settings.js";
import { castVote } from "../features/votes/vote.service.js";

/** The page's body, after checking it answered and is in the site's language. */
async function page(testApp: TestApp, url: string, lang: string, cookies: Record<string, string> = {}) {
  const response = await testApp.app.inject({ url, cookies });
  assert.ok(response.statusCode < 500, `${url} answered ${response.statusCode}`);
  assert.match(response.body, new RegExp(`<html lang="${lang}">`), url);
  return response.body;
}

/** Asserts every pattern is on the page, naming the first that is not. */
function assertAll(body: string, patterns: RegExp[]) {
  for (const pattern of patterns) assert.match(body, pattern);
}

async function siteIn(
  t: Parameters<typeof buildTestApp>[0],
  dialect: string,
  settings: Partial<SiteSettings>,
) {
  const testApp = await buildTestApp(t, dialect as Parameters<typeof buildTestApp>[1]);
  await updateSiteSettings(testApp.storage.db, settings);
  return testApp;
}

let voter = 0;
/** `up` upvotes on the article, each from a reader and network of its own. */
async function upvote(testApp: TestApp, articleId: number, up: number) {
  await testApp.storage.db.transaction().execute(async (trx) => {
    for (let i = 0; i < up; i++) {
      const key = `anon:words-${++voter}`;
      await castVote(trx, {
        articleId,
        voterKey: key,
        value: 1,
        ipHash: `ip-${key}`,
        networkHash: `net-${key}`,
        freshVoter: false,
        now: TEST_NOW,
        limits: { networkPerHour: 1_000_000 },
      });
    }
  });
}

for (const dialect of testDialects()) {
  describe(`reader pages in the site's language on ${dialect}`, () => {
    it("search: form, hint, filters and notices in German", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "de" });
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Hafenmauer repariert" });
      const found = await page(testApp, "/search?q=Hafenmauer", "de");
      assertAll(found, [
        /<title>Suche: hafenmauer – /,
        /<label for="search-q">Suchen nach<\/label>/,
        /<option value="">Alle Ressorts<\/option>/,
        /Setzen Sie eine <code>&quot;genaue Wortfolge&quot;<\/code> in Anführungszeichen, schreiben Sie <code>OR<\/code>/,
        /<code>-Wort<\/code>/,
        /Hafenmauer repariert/,
      ]);
      assert.match(
        await page(testApp, "/search?q=Zeppelin", "de"),
        /Kein Artikel enthält alle diese Wörter\./,
      );
      assert.match(await page(testApp, "/search?q=", "de"), /Geben Sie ein oder zwei Suchwörter ein\./);
      const unknownTag = await page(testApp, "/search?q=Hafen&tag=nirgends", "de");
      assert.match(unknownTag, /Es gibt kein Schlagwort „nirgends“, in dem gesucht werden könnte\./);
      assert.match(unknownTag, /Nur Artikel mit dem Schlagwort „nirgends“\. <a [^>]*>Alles durchsuchen<\/a>/);
      assert.doesNotMatch(found, /Search for|All sections|exact phrase/);
    });

    it("rankings: headings, plural scores and the scores script's words in German", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "de" });
      const { db } = testApp.storage;
      const one = await makeArticle(db, TEST_NOW, { title: "Eine Stimme", publishedAt: TEST_NOW - HOUR });
      const many = await makeArticle(db, TEST_NOW, { title: "Viele Stimmen", publishedAt: TEST_NOW - HOUR });
      await upvote(testApp, one.id, 1);
      await upvote(testApp, many.id, 41);
      const top = await page(testApp, "/top/", "de");
      assertAll(top, [
        /<h1[^>]*>Am besten bewertet<\/h1>/,
        /nach dem Anteil der Leserinnen und Leser geordnet/,
        /<p class="card-meta card-score">41 Punkte · 41 Stimmen<\/p>/,
        /<p class="card-meta card-score">1 Punkt · 1 Stimme<\/p>/,
        // scores.js words live scores with these forms.
        /data-points="\{&quot;one&quot;:&quot;\{count\} Punkt&quot;,&quot;other&quot;:&quot;\{count\} Punkte&quot;\}"/,
        /data-votes="\{&quot;one&quot;:&quot;\{count\} Stimme&quot;/,
      ]);
      assert.doesNotMatch(top, /\d (points?|votes?)\b/);
      const hot = await siteIn(t, dialect, { language: "de" });
      assert.match(await page(hot, "/hot/", "de"), /In den letzten 30 Tagen wurde nichts veröffentlicht\./);
    });

    it("reader account: sign-in, confirmation notice, broken link and profile in German", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "de" });
      assertAll(await page(testApp, "/account/", "de"), [
        /<h1 id="account-title">Anmelden<\/h1>/,
        /Kein Passwort: Wir schicken Ihnen einen Link/,
        /<button type="submit">Anmeldelink per E-Mail schicken<\/button>/,
      ]);
      assert.match(
        await page(testApp, "/account/?notice=sent", "de"),
        /Sehen Sie in Ihr Postfach: Ein Anmeldelink/,
      );
      const broken = await page(testApp, `/account/sign-in/${"x".repeat(30)}`, "de");
      assert.match(broken, /Dieser Anmeldelink ist ungültig, schon benutzt oder abgelaufen\./);
      const cookies = await signInReader(testApp, "leserin@example.org");
      assertAll(await page(testApp, "/account/?notice=saved", "de", cookies), [
        /<h1 id="account-title">Ihr Konto<\/h1>/,
        /Gespeichert\./,
        /Angemeldet als <strong class="reader-email">leserin@example\.org<\/strong>\./,
        /<button type="submit">Mein Konto löschen<\/button>/,
        /<a href="\/account\/newsletters\/">Ihre Newsletter<\/a>/,
      ]);
    });

    it("newsletters: list, sign-up, confirmation and unsubscribe pages in French", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "fr" });
      await insertNewsletter(testApp.storage.db, newsletterInput({ name: "Le Matin", cadence: "weekly" }), 0);
      assertAll(await page(testApp, "/newsletters/?notice=sent", "fr"), [
        /Consultez votre boîte de réception : un lien de confirmation arrive\./,
        /Le Matin <small>\(chaque semaine\)<\/small>/,
        /<button type="submit">S’abonner<\/button>/,
        /Déjà abonné \? Modifiez vos newsletters depuis <a href="\/account\/">votre compte<\/a>\./,
      ]);
      assert.match(await page(testApp, "/", "fr"), /<h2>Recevez nos newsletters<\/h2>/);
      const confirm = await page(testApp, `/newsletters/confirm/${"x".repeat(30)}`, "fr");
      assert.match(confirm, /<h1 id="account-title">Confirmez votre abonnement<\/h1>/);
      assert.match(confirm, /Ce lien de confirmation est invalide, déjà utilisé ou expiré\./);
      const unsubscribe = await page(testApp, `/newsletters/unsubscribe/1.${"x".repeat(32)}`, "fr");
      assert.match(unsubscribe, /Ce lien de désabonnement n’est pas valide\./);
    });

    it("comments: the form and the sign-in prompt under an article in Spanish", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "es" });
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "El puerto" });
      assertAll(await page(testApp, `/${article.slug}/`, "es"), [
        /<h2 class="comment-form-title">Deje un comentario<\/h2>/,
        /data-reply-to="Responder a \{name\}" data-save="Guardar" data-cancel="Cancelar"/,
        /Su correo electrónico nunca se muestra\. O <a href="\/account\/\?return_to=[^"]+">inicie sesión<\/a>\./,
        /<button type="submit">Publicar comentario<\/button>/,
      ]);
      await updateSiteSettings(testApp.storage.db, { commentsOpenTo: "readers" });
      const readersOnly = await page(testApp, `/${article.slug}/`, "es");
      assert.match(readersOnly, /Inicie sesión para comentar\./);
      assert.match(readersOnly, /<button type="submit">Enviarme un enlace de acceso<\/button>/);
      await updateSiteSettings(testApp.storage.db, { commentsOpenTo: "nobody" });
      assert.match(await page(testApp, `/${article.slug}/`, "es"), /Los comentarios están cerrados\./);
    });

    it("keeps English for an English site", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const category = await makeCategory(testApp.storage.db, "Harbour");
      const body = await page(testApp, `/search?q=x&category=${category.slug}`, "en");
      assert.match(body, /<option value="">All sections<\/option>/);
      assert.match(body, /Put an <code>&quot;exact phrase&quot;<\/code> in quotes/);
    });
  });
}
