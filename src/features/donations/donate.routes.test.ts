import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { HtmlValidate } from "html-validate";
import { buildTestApp, TEST_NOW } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { formBody } from "../../../test/helpers/forms.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { startMockStripe, TEST_WEBHOOK_SECRET } from "../../../test/helpers/stripe.js";
import type { Dialect } from "../../storage/storage.js";
import { updateSiteSettings } from "../settings/settings.js";
import { findReward, saveCampaign, saveReward } from "./donation.repository.js";

const DAY = 86_400_000;

async function donationSite(t: TestContext, dialect: Dialect, stock: number | null = 10) {
  const stripe = await startMockStripe(t);
  const testApp = await buildTestApp(t, dialect, {
    stripe: stripe.client,
    env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
  });
  const { db } = testApp.storage;
  const mugId = await saveReward(
    db,
    {
      name: "Mug",
      description: "Our super awesome mug.",
      imageUrl: "",
      physical: true,
      shipCountries: ["DE", "FR", "AT"],
      stock,
      active: true,
      minimums: { EUR: 2000, USD: 2500 },
    },
    TEST_NOW,
  );
  const campaignId = await saveCampaign(
    db,
    {
      title: "Winter drive",
      description: "",
      goal: { amount: 1_000_000, currency: "EUR" },
      startsAt: TEST_NOW - DAY,
      endsAt: TEST_NOW + 30 * DAY,
    },
    TEST_NOW,
  );
  const give = (form: Record<string, string>) =>
    testApp.app.inject({
      method: "POST",
      url: "/donate/",
      ...formBody(form, { "sec-fetch-site": "same-origin" }),
    });
  const donations = () => db.selectFrom("donations").selectAll().orderBy("id").execute();
  return { testApp, stripe, db, mugId, campaignId, give, donations };
}

const mugGift = (mugId: number, extra: Record<string, string> = {}) => ({
  preset: "20",
  currency: "EUR",
  frequency: "one-time",
  reward: String(mugId),
  ...extra,
});

for (const dialect of testDialects()) {
  describe(`giving (${dialect})`, () => {
    it("creates a Checkout Session on the server and sends the reader to it", async (t) => {
      const site = await donationSite(t, dialect);
      const response = await site.give(
        mugGift(site.mugId, { listed: "1", publicName: "Ada", publicMessage: "Keep going" }),
      );
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, "https://checkout.stripe.com/c/pay/cs_test_1");
      const [request] = site.stripe.requests;
      assert.equal(request?.path, "/v1/checkout/sessions");
      const [donation] = await site.donations();
      assert.ok(donation);
      assert.deepEqual(
        {
          mode: request?.form.mode,
          amount: request?.form["line_items[0][price_data][unit_amount]"],
          currency: request?.form["line_items[0][price_data][currency]"],
          countries: [0, 1, 2].map(
            (i) => request?.form[`shipping_address_collection[allowed_countries][${i}]`],
          ),
          metadata: request?.form["metadata[donation_id]"],
          intentMetadata: request?.form["payment_intent_data[metadata][donation_id]"],
          success: request?.form.success_url,
        },
        {
          mode: "payment",
          amount: "2000",
          currency: "eur",
          countries: ["DE", "FR", "AT"],
          metadata: String(donation.id),
          intentMetadata: String(donation.id),
          success: "https://news.example.test/donate/thanks/?session={CHECKOUT_SESSION_ID}",
        },
      );
      assert.ok(request?.idempotencyKey);
      assert.equal(
        request?.form.expires_at,
        String(TEST_NOW / 1000 + 3600),
        "an abandoned checkout frees its mug within the hour",
      );
      assert.equal(donation.status, "pending");
      assert.equal(Number(donation.amount), 2000);
      assert.equal(donation.checkout_session_id, "cs_test_1");
      assert.equal(donation.campaign_id, site.campaignId);
      assert.equal(donation.public_name, "Ada");
      assert.equal(donation.reward_reserved, 1);
      assert.equal((await findReward(site.db, site.mugId))?.stock, 9);
      const thanks = await site.testApp.app.inject("/donate/thanks/?session=cs_test_1");
      assert.match(thanks.body, /Your gift of €20 is being confirmed/);
      assert.doesNotMatch(
        (await site.testApp.app.inject("/donate/thanks/?session=cs_test_9")).body,
        /Your gift/,
      );
      assert.equal((await site.testApp.app.inject("/donate/thanks/?session=%3Cscript%3E")).statusCode, 400);
    });

    it("asks for a monthly subscription with the amount as an inline recurring price", async (t) => {
      const site = await donationSite(t, dialect);
      const response = await site.give({
        preset: "5",
        custom: " 7,50 ",
        currency: "USD",
        frequency: "monthly",
      });
      assert.equal(response.statusCode, 303, response.body);
      const form = site.stripe.requests[0]?.form ?? {};
      assert.equal(form.mode, "subscription");
      assert.equal(form["line_items[0][price_data][unit_amount]"], "750");
      assert.equal(form["line_items[0][price_data][currency]"], "usd");
      assert.equal(form["line_items[0][price_data][recurring][interval]"], "month");
      assert.ok(form["subscription_data[metadata][donation_id]"]);
      assert.equal(form["shipping_address_collection[allowed_countries][0]"], undefined);
    });

    it("refuses bad gifts with a clear 4xx, storing nothing and calling no one", async (t) => {
      const site = await donationSite(t, dialect);
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ custom: "-5" }, 400, /as a number/],
        [{ custom: "0" }, 400, /more than zero/],
        [{ custom: "20.005" }, 400, /more decimals/],
        [{ custom: "10000.01" }, 400, /more than we can accept/],
        [{ custom: "twenty" }, 400, /as a number/],
        [{ currency: "JPY" }, 400, /We accept gifts in EUR, USD, GBP, CHF/],
        [{ currency: "eur" }, 400, /currency/],
        [{ custom: "19.99" }, 400, /does not reach/],
        [{ currency: "GBP" }, 400, /not offered in this currency/],
        [{ reward: "999" }, 400, /not offered/],
        [{ frequency: "weekly" }, 400, /frequency/],
        [{ listed: "1", publicName: "  " }, 400, /name to show/],
      ];
      for (const [override, status, message] of cases) {
        const response = await site.give(mugGift(site.mugId, override));
        assert.equal(response.statusCode, status, JSON.stringify(override));
        assert.match(response.body, message, JSON.stringify(override));
      }
      assert.deepEqual(await site.donations(), []);
      assert.deepEqual(site.stripe.requests, []);
      assert.equal((await findReward(site.db, site.mugId))?.stock, 10);
    });

    it("takes the currencies, presets and maximum from the site settings", async (t) => {
      const site = await donationSite(t, dialect);
      await updateSiteSettings(site.db, {
        donationCurrencies: "CHF,EUR",
        donationPresets: "15,30",
        donationMaximum: 100,
      });
      const page = await site.testApp.app.inject("/donate/");
      assert.match(
        page.body,
        /<option value="CHF" selected>CHF<\/option><option value="EUR">EUR<\/option><\/select>/,
      );
      assert.match(page.body, /id="preset-30" value="30"/);
      assert.doesNotMatch(page.body, /id="preset-20"/);
      const tooMuch = await site.give({ custom: "100.01", currency: "EUR", frequency: "one-time" });
      assert.equal(tooMuch.statusCode, 400);
      const notAllowed = await site.give({ preset: "30", currency: "USD", frequency: "one-time" });
      assert.match(notAllowed.body, /We accept gifts in CHF, EUR/);
      const fine = await site.give({ custom: "100", currency: "CHF", frequency: "one-time" });
      assert.equal(fine.statusCode, 303);
      assert.equal((await site.donations()).length, 1);
    });

    it("gives the last mug to exactly one of two racing donors", async (t) => {
      const site = await donationSite(t, dialect, 1);
      const responses = await Promise.all([site.give(mugGift(site.mugId)), site.give(mugGift(site.mugId))]);
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [303, 409]);
      assert.match(responses.find((r) => r.statusCode === 409)?.body ?? "", /just run out/);
      assert.equal((await site.donations()).length, 1);
      assert.equal((await findReward(site.db, site.mugId))?.stock, 0);
      const soldOut = await site.give(mugGift(site.mugId));
      assert.equal(soldOut.statusCode, 409);
      assert.equal((await site.donations()).length, 1);
    });

    it("gives the mug back when Stripe cannot be reached", async (t) => {
      const site = await donationSite(t, dialect, 1);
      site.stripe.failNext();
      const response = await site.give(mugGift(site.mugId));
      assert.equal(response.statusCode, 502);
      const [donation] = await site.donations();
      assert.equal(donation?.status, "failed");
      assert.equal((await findReward(site.db, site.mugId))?.stock, 1);
    });

    it("refuses a form sent from another site", async (t) => {
      const site = await donationSite(t, dialect);
      const response = await site.testApp.app.inject({
        method: "POST",
        url: "/donate/",
        ...formBody(mugGift(site.mugId), { "sec-fetch-site": "cross-site" }),
      });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(await site.donations(), []);
    });
  });
}

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: { "long-title": "off", "void-style": "off" },
});

async function assertValidHtml(html: string, what: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((result) =>
    result.messages.map((m) => `${m.ruleId}: ${m.message}`),
  );
  assert.deepEqual(messages, [], `${what} is not valid HTML`);
}

describe("the donation pages", () => {
  it("puts the appeals and a Donate button on article pages, from settings", async (t) => {
    const site = await donationSite(t, "sqlite");
    const article = await makeArticle(site.db, TEST_NOW, { title: "Harbour news" });
    const plain = await site.testApp.app.inject(`/${article.slug}/`);
    assert.doesNotMatch(plain.body, /donate-button/, "no appeal set, no empty block");
    await updateSiteSettings(site.db, {
      donationAppeal: "Gift €20 or more and we'll send you our mug!",
      readerAppeal: "Will you help?\n\nPlease <support> us.",
    });
    const page = await site.testApp.app.inject(`/${article.slug}/`);
    assert.match(page.body, /<section class="slot slot-donate" id="donate" aria-label="Support us">/);
    assert.match(
      page.body,
      /Gift €20 or more and we&#39;ll send you our mug!|Gift €20 or more and we'll send you our mug!/,
    );
    assert.match(page.body, /<p>Will you help\?<\/p><p>Please &lt;support&gt; us.<\/p>/);
    assert.match(page.body, /<a class="donate-button" href="\/donate\/">Donate<\/a>/);
    await assertValidHtml(page.body, "article page");
    await updateSiteSettings(site.db, { language: "fr" });
    const french = await site.testApp.app.inject(`/${article.slug}/`);
    assert.match(french.body, /<a class="donate-button" href="\/donate\/">Faire un don<\/a>/);
  });
});

for (const dialect of testDialects()) {
  describe(`the donate form (${dialect})`, () => {
    it("offers presets with their currency, rewards and the campaign's progress in valid HTML without scripts", async (t) => {
      const site = await donationSite(t, dialect);
      const donate = await site.testApp.app.inject("/donate/");
      assert.equal(donate.statusCode, 200);
      assert.equal(donate.headers["cache-control"], "no-store");
      // The form's redirect to Stripe Checkout must pass the page's form-action policy.
      assert.match(
        String(donate.headers["content-security-policy"]),
        /form-action 'self' https:\/\/checkout\.stripe\.com;/,
      );
      for (const expected of [
        /<form class="donate-form" method="post" action="\/donate\/" data-language="en">/,
        /name="preset" id="preset-20" value="20" checked/,
        /<option value="CHF">CHF<\/option>/,
        /value="monthly"/,
        /<strong>Mug<\/strong> <span class="reward-minimum">for gifts of €20 · \$25 or more<\/span>/,
        /value="none" checked/,
        /Winter drive/,
        /€0 of €10,000 raised/,
      ]) {
        assert.match(donate.body, expected);
      }
      assert.equal(presetLabels(donate.body), "€5 · €10 · €20 · €50");
      assert.doesNotMatch(donate.body, /<script(?! src=)/);
      await assertValidHtml(donate.body, "/donate/");
      await assertValidHtml((await site.testApp.app.inject("/supporters/")).body, "/supporters/");
      await assertValidHtml((await site.testApp.app.inject("/donate/thanks/")).body, "/donate/thanks/");
    });

    it("words the amounts in the site's language and first currency", async (t) => {
      const site = await donationSite(t, dialect);
      await updateSiteSettings(site.db, {
        language: "de",
        donationCurrencies: "USD,EUR",
        donationPresets: "5,12",
      });
      const donate = await site.testApp.app.inject("/donate/");
      assert.equal(presetLabels(donate.body), "5\u00a0$ · 12\u00a0$");
    });

    it("speaks German on a German site: form, campaign, rewards and the closed notice", async (t) => {
      const site = await donationSite(t, dialect);
      await updateSiteSettings(site.db, { language: "de", title: "Hafenblatt" });
      const donate = (await site.testApp.app.inject("/donate/")).body;
      for (const expected of [
        /<html lang="de">/,
        /<title>Unterstützen Sie uns – Hafenblatt<\/title>/,
        /<h1>Unterstützen Sie Hafenblatt<\/h1>/,
        /data-language="de"/,
        /0\u00a0€ von 10\.000\u00a0€ gesammelt/,
        /0 Spender·innen · bis \d{2}\.\d{2}\.\d{4}/,
        /<legend>Betrag<\/legend>/,
        /<span class="reward-minimum">für Spenden ab 20\u00a0€ · 25\u00a0\$<\/span>/,
        /<small> \(noch 10 verfügbar\)<\/small>/,
        /Versand nach DE, FR, AT; die Adresse geben Sie bei der Zahlung an\./,
        /<button type="submit">Weiter zur Zahlung<\/button>/,
      ]) {
        assert.match(donate, expected);
      }
      assert.equal(presetLabels(donate), "5\u00a0€ · 10\u00a0€ · 20\u00a0€ · 50\u00a0€");
      assert.doesNotMatch(donate, /Continue to payment|raised|or more/);
      const refused = await site.give({
        custom: "zwanzig",
        currency: "EUR",
        frequency: "one-time",
        reward: "none",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(
        refused.body,
        /<small class="field-error" id="custom-error">Geben Sie den Betrag als Zahl an, etwa 20 oder 20,50\.<\/small>/,
      );
      const closed = await buildTestApp(t, dialect);
      await updateSiteSettings(closed.storage.db, { language: "de" });
      const notOpen = (await closed.app.inject("/donate/")).body;
      assert.match(notOpen, /Online-Spenden sind derzeit nicht möglich\./);
    });

    it("shows the form again with the reader's values and the reason beside the field", async (t) => {
      const site = await donationSite(t, dialect);
      const response = await site.give(
        mugGift(site.mugId, { preset: "", custom: "15", publicName: "Ada <b>" }),
      );
      assert.equal(response.statusCode, 400);
      const reason = /Your gift does not reach that reward(&#39;|')s minimum./;
      assert.match(response.body, new RegExp(`role="alert"><a href="#reward">${reason.source}</a>`));
      assert.match(
        response.body,
        new RegExp(
          `<legend>A thank-you gift</legend><small class="field-error" id="reward-error">${reason.source}`,
        ),
      );
      assert.match(response.body, /<fieldset id="reward" aria-describedby="reward-error">/);
      assert.match(response.body, /id="custom" name="custom" inputmode="decimal" maxlength="20" value="15"/);
      assert.match(response.body, /value="Ada &lt;b&gt;"/);
      await assertValidHtml(response.body, "refused form");

      const typo = await site.give(mugGift(site.mugId, { preset: "", custom: "20 euros", reward: "none" }));
      assert.equal(typo.statusCode, 400);
      assert.match(
        typo.body,
        /id="custom" name="custom" aria-describedby="custom-error" aria-invalid="true" inputmode="decimal" maxlength="20" value="20 euros" autocomplete="off"\/?><small class="field-error" id="custom-error">Enter the amount as a number, such as 20 or 20.50.<\/small>/,
      );
      assert.deepEqual(await site.donations(), []);
    });
  });
}

/** The preset amounts' labels as the reader sees them, "€5 · €10". */
const presetLabels = (html: string) =>
  [...html.matchAll(/<span class="preset-amount" data-preset="\d+">([^<]*)<\/span>/g)]
    .map((match) => match[1])
    .join(" · ");

describe("without Stripe keys", () => {
  it("tells readers donations are unavailable, tells staff why, and shows no form", async (t) => {
    const testApp = await buildTestApp(t);
    const reader = await testApp.app.inject("/donate/");
    assert.equal(reader.statusCode, 200);
    assert.match(reader.body, /not available/);
    assert.doesNotMatch(reader.body, /<form[^>]*action="\/donate/);
    assert.doesNotMatch(reader.body, /STRIPE_SECRET_KEY/);
    const editor = await signInAs(testApp, "editor");
    const staffView = await editor.request({ method: "GET", url: "/donate/" });
    assert.match(staffView.body, /payments are not set up/);
    const post = await testApp.app.inject({
      method: "POST",
      url: "/donate/",
      ...formBody({ preset: "20", currency: "EUR", frequency: "one-time" }),
    });
    assert.equal(post.statusCode, 503);
    const webhook = await testApp.app.inject({
      method: "POST",
      url: "/webhooks/stripe",
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=abc" },
      payload: "{}",
    });
    assert.equal(webhook.statusCode, 503);
    assert.deepEqual(await testApp.storage.db.selectFrom("donations").selectAll().execute(), []);
  });
});
