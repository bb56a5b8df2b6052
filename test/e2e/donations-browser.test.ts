import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";
import { CHECKOUT_ORIGIN, startMockStripe, TEST_WEBHOOK_SECRET } from "../helpers/stripe.js";

for (const javaScript of [true, false]) {
  test(`a reader goes from an article's Donate button to Stripe Checkout with €20 and the mug (JavaScript ${javaScript ? "on" : "off"})`, {
    timeout: 60_000,
  }, async (t) => {
    if (!requireChromium(t)) return;
    const stripe = await startMockStripe(t);
    const { baseUrl, storage } = await serveSite(t, {
      stripe: stripe.client,
      env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
    });
    const page = await openPage(t, { javaScript });
    const problems = await watchForProblems(page);
    // Checkout is Stripe's own page; here it is answered locally, so the test never leaves the machine.
    await page.route(`${CHECKOUT_ORIGIN}/**`, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        body: "<!doctype html><title>Checkout</title><h1>Stripe Checkout (local)</h1>",
      }),
    );

    await page.goto(`${baseUrl}/`);
    await page.locator("article.card h2.card-title a").first().click();
    const appeal = page.locator("#donate");
    assert.match(
      (await appeal.textContent()) ?? "",
      /Gift €20 or more and we'll send you our Harbour Ledger mug/,
    );
    await appeal.getByRole("link", { name: "Donate" }).click();
    await page.waitForURL(`${baseUrl}/donate/`);
    assert.match((await page.locator(".campaign").textContent()) ?? "", /Every council meeting, covered/);

    const mug = page.getByLabel(/Harbour Ledger mug/);
    if (javaScript) {
      // A hint only (the server decides): a gift below the mug's minimum disables it.
      await page.getByLabel("Or another amount").fill("5");
      assert.equal(await mug.isDisabled(), true);
      await page.getByLabel("Or another amount").fill("");
    }
    await page.getByLabel("€20", { exact: true }).check();
    assert.equal(await mug.isDisabled(), false);
    await mug.check();
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await page.waitForURL(`${CHECKOUT_ORIGIN}/c/pay/cs_test_1`);
    assert.equal(await page.textContent("h1"), "Stripe Checkout (local)");

    const [request] = stripe.requests;
    assert.equal(request?.form["line_items[0][price_data][unit_amount]"], "2000");
    assert.equal(request?.form["line_items[0][price_data][currency]"], "eur");
    assert.equal(request?.form["shipping_address_collection[allowed_countries][0]"], "AT");
    const donation = await storage.db.selectFrom("donations").selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [donation.status, Number(donation.amount), donation.checkout_session_id],
      ["pending", 2000, "cs_test_1"],
    );
    assert.deepEqual(problems, []);
  });
}
