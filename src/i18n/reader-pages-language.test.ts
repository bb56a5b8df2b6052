import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, TEST_NOW, type TestApp } from "../../test/helpers/app.js";
import { commenter } from "../../test/helpers/comments.js";
import { testDialects } from "../../test/helpers/databases.js";
import { HOUR, makeArticle, makeCategory } from "../../test/helpers/factories.js";
import { formBody } from "../../test/helpers/forms.js";
import { newsletterInput } from "../../test/helpers/newsletters.js";
import { signInReader } from "../../test/helpers/readers.js";
import type { Mail } from "../features/mail/mailer.js";
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

    it("reader e-mails: the sign-in link and the newsletter confirmation in German", async (t) => {
      const sent: Mail[] = [];
      const testApp = await buildTestApp(t, dialect, {
        mailer: { send: async (mail) => void sent.push(mail) },
      });
      const { db } = testApp.storage;
      await updateSiteSettings(db, { language: "de", title: "Hafenblatt" });
      const newsletterId = await insertNewsletter(db, newsletterInput(), 0);
      const post = (url: string, fields: Record<string, string>) =>
        testApp.app.inject({ method: "POST", url, ...formBody(fields, { "sec-fetch-site": "same-origin" }) });
      assert.equal((await post("/account/sign-in", { email: "ada@example.org" })).statusCode, 303);
      const subscribe = await post("/newsletters/subscribe", {
        email: "bo@example.org",
        "newsletter[]": String(newsletterId),
      });
      assert.equal(subscribe.statusCode, 303);
      const [signIn, optIn] = sent;
      assert.equal(signIn?.subject, "Anmelden bei Hafenblatt");
      assert.match(
        signIn?.text ?? "",
        /Hier anmelden \(der Link gilt einmal, 30 Minuten lang\):\n.*\/account\/sign-in\//,
      );
      assert.equal(optIn?.subject, "Bestätigen Sie Ihr Abonnement bei Hafenblatt");
      assert.match(optIn?.text ?? "", /Newsletter von Hafenblatt erhalten\./);
      assert.match(optIn?.text ?? "", /der Link gilt einmal, 24 Stunden lang/);
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

    it("says a reader's mistakes in the site's language, on pages and to the page's scripts", async (t) => {
      const testApp = await siteIn(t, dialect, { language: "de" });
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Der Hafen" });
      const reader = commenter(testApp);
      const fields = { name: "Ada", email: "ada@example.org", body: "   " };
      const page = await reader.comment(article.slug, fields);
      assert.equal(page.statusCode, 400);
      assert.match(
        page.body,
        /<p class="form-notice form-notice-error" role="alert">Schreiben Sie etwas, bevor Sie absenden\.<\/p>/,
      );
      const json = await reader.comment(article.slug, fields, { headers: { accept: "application/json" } });
      assert.equal(json.statusCode, 400);
      assert.equal(
        json.json().error.message,
        "Schreiben Sie etwas, bevor Sie absenden.",
        "comments.js shows it",
      );
      assert.equal(json.json().error.code, "BAD_REQUEST");

      const subscribe = await testApp.app.inject({
        method: "POST",
        url: "/newsletters/subscribe",
        ...formBody({ email: "ada@example.org", "newsletter[]": "999" }, { "sec-fetch-site": "same-origin" }),
      });
      assert.equal(subscribe.statusCode, 400);
      assert.match(subscribe.body, /<html lang="de">/);
      assert.match(subscribe.body, /Einen dieser Newsletter gibt es nicht\./);

      const badLink = await testApp.app.inject({
        method: "POST",
        url: `/account/sign-in/${"x".repeat(30)}`,
        headers: { "sec-fetch-site": "same-origin" },
      });
      assert.match(
        badLink.body,
        /Dieser Anmeldelink ist ungültig, schon benutzt oder abgelaufen\. Fordern Sie einen neuen an\./,
      );
    });

    it("keeps English for an English site", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const category = await makeCategory(testApp.storage.db, "Harbour");
      const body = await page(testApp, `/search?q=x&category=${category.slug}`, "en");
      assert.match(body, /<option value="">All sections<\/option>/);
      assert.match(body, /Put an <code>&quot;exact phrase&quot;<\/code> in quotes/);
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "Harbour" });
      const json = await commenter(testApp).comment(
        article.slug,
        { name: "Ada", email: "ada@example.org", body: "  " },
        { headers: { accept: "application/json" } },
      );
      assert.equal(json.json().error.message, "Write something before posting.");
    });
  });
}
