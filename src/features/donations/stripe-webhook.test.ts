import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { buildTestApp, TEST_NOW } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeMugReward } from "../../../test/helpers/factories.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { signInAs } from "../../../test/helpers/staff.js";
import {
  eventId,
  sessionEvent,
  signedEvent,
  startMockStripe,
  TEST_WEBHOOK_SECRET,
} from "../../../test/helpers/stripe.js";
import type { Dialect } from "../../storage/storage.js";
import { createMailer } from "../mail/mailer.js";
import {
  campaignProgress,
  findCampaign,
  findReward,
  saveCampaign,
  totalsByCurrency,
} from "./donation.repository.js";
import { listUnmatchedStripeEvents } from "./unmatched-events.js";

const DAY = 86_400_000;
const silentLog = { info: () => {} };

async function webhookSite(t: TestContext, dialect: Dialect) {
  const stripe = await startMockStripe(t);
  const logLines: string[] = [];
  const smtp = await startSmtpListener(t);
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "news@example.test" }, silentLog);
  const testApp = await buildTestApp(t, dialect, {
    stripe: stripe.client,
    mailer,
    env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
    logLines,
  });
  const { db } = testApp.storage;
  const mugId = await makeMugReward(db, TEST_NOW);
  const campaignId = await saveCampaign(
    db,
    {
      title: "Winter drive",
      description: "",
      goal: { amount: 100_000, currency: "EUR" },
      startsAt: TEST_NOW - DAY,
      endsAt: TEST_NOW + DAY,
    },
    TEST_NOW,
  );
  /** A pending donation made through the real form; returns its id. */
  async function startGift(form: Record<string, string>): Promise<number> {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/donate/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ currency: "EUR", frequency: "one-time", ...form }).toString(),
    });
    assert.equal(response.statusCode, 303, response.body);
    const row = await db.selectFrom("donations").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    return row.id;
  }
  async function deliver(event: { id: string; type: string; data: { object: unknown } }) {
    const { payload, headers } = signedEvent(event, testApp.now());
    const response = await testApp.app.inject({ method: "POST", url: "/webhooks/stripe", headers, payload });
    assert.equal(response.statusCode, 200, response.body);
  }
  const donations = () => db.selectFrom("donations").selectAll().orderBy("id").execute();
  const shipments = () => db.selectFrom("donation_shipments").selectAll().execute();
  const progress = async () =>
    campaignProgress(db, (await findCampaign(db, campaignId)) ?? assert.fail("campaign"));
  const stock = async () => (await findReward(db, mugId))?.stock;
  const totals = () => totalsByCurrency(db, {});
  /**
   * The receipts received so far. The webhook answers only after the SMTP server has accepted each
   * receipt (nodemailer resolves on its reply to DATA, which the listener sends after storing the
   * message), so after `deliver` there is nothing left to wait for.
   */
  const settledInbox = async () => smtp.inbox;
  /** The warnings logged so far whose message matches. */
  const warnings = (pattern: RegExp) =>
    logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40 && pattern.test(entry.msg));
  return {
    testApp,
    stripe,
    db,
    warnings,
    mugId,
    startGift,
    deliver,
    donations,
    shipments,
    progress,
    stock,
    totals,
    settledInbox,
  };
}

function invoicePaid(
  donationId: number,
  invoice: string,
  billingReason: string,
  paymentIntent: string,
  amount = 500,
) {
  return {
    id: eventId(),
    type: "invoice.paid",
    data: {
      object: {
        id: invoice,
        object: "invoice",
        billing_reason: billingReason,
        amount_paid: amount,
        currency: "eur",
        customer_email: "ada@example.org",
        parent: {
          type: "subscription_details",
          subscription_details: { subscription: "sub_1", metadata: { donation_id: String(donationId) } },
        },
        payments: {
          object: "list",
          data: [
            {
              id: `inpay_${invoice}`,
              status: "paid",
              payment: { type: "payment_intent", payment_intent: paymentIntent },
            },
          ],
        },
      },
    },
  };
}

function chargeRefunded(paymentIntent: string, amountRefunded: number) {
  return {
    id: eventId(),
    type: "charge.refunded",
    data: {
      object: {
        id: `ch_${paymentIntent}`,
        object: "charge",
        payment_intent: paymentIntent,
        amount_refunded: amountRefunded,
        refunded: true,
      },
    },
  };
}

for (const dialect of testDialects()) {
  describe(`Stripe webhooks (${dialect})`, () => {
    it("refuses unsigned, forged and oversized deliveries, storing nothing", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({ preset: "20", reward: String(site.mugId) });
      const event = sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_1" });
      const { payload, headers } = signedEvent(event, site.testApp.now());
      const forged = signedEvent(event, site.testApp.now(), "whsec_someone_else");
      const tampered = payload.replace('"paid"', '"unpaid"');
      const stale = signedEvent(event, site.testApp.now() - 3_600_000);
      const attempts = [
        { headers: { "content-type": "application/json" }, payload },
        { headers: forged.headers, payload },
        { headers, payload: tampered },
        { headers: stale.headers, payload: stale.payload },
        { headers: { "content-type": "application/json", "stripe-signature": "garbage" }, payload },
      ];
      for (const attempt of attempts) {
        const response = await site.testApp.app.inject({
          method: "POST",
          url: "/webhooks/stripe",
          ...attempt,
        });
        assert.equal(response.statusCode, 400, JSON.stringify(attempt.headers));
      }
      const huge = `{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`;
      const big = signedEvent(
        { ...event, data: { object: { ...event.data.object, pad: huge } } },
        site.testApp.now(),
      );
      const tooLarge = await site.testApp.app.inject({ method: "POST", url: "/webhooks/stripe", ...big });
      assert.equal(tooLarge.statusCode, 413);
      assert.deepEqual(await site.db.selectFrom("stripe_events").selectAll().execute(), []);
      assert.equal((await site.donations())[0]?.status, "pending");
      assert.deepEqual(await site.shipments(), []);
    });

    it("answers forged deliveries in JSON and logs them, at most five a minute", async (t) => {
      const site = await webhookSite(t, dialect);
      const event = sessionEvent("checkout.session.completed", 1);
      const forged = signedEvent(event, site.testApp.now(), "whsec_someone_else");
      const post = () => site.testApp.app.inject({ method: "POST", url: "/webhooks/stripe", ...forged });
      for (let i = 0; i < 7; i++) {
        const response = await post();
        assert.equal(response.statusCode, 400);
        assert.match(String(response.headers["content-type"]), /^application\/json/);
        assert.equal(response.json().error.code, "BAD_SIGNATURE");
      }
      const unsigned = await site.testApp.app.inject({
        method: "POST",
        url: "/webhooks/stripe",
        headers: { "content-type": "application/json" },
        payload: "{}",
      });
      assert.equal(unsigned.json().error.code, "BAD_SIGNATURE");
      assert.equal(site.warnings(/signature/).length, 5);
      site.testApp.setNow(site.testApp.now() + 60_000);
      await post();
      assert.equal(site.warnings(/signature/).length, 6);
    });

    it("records signed events for no donation of this site, once, with their Stripe event id", async (t) => {
      const site = await webhookSite(t, dialect);
      const withoutId = sessionEvent("checkout.session.completed", 1);
      withoutId.data.object.metadata = {} as { donation_id: string };
      const unknown = sessionEvent("checkout.session.completed", 424242);
      const renewal = invoicePaid(515151, "in_other_site", "subscription_cycle", "pi_other");
      for (const event of [withoutId, unknown, unknown, renewal]) {
        const { payload, headers } = signedEvent(event, site.testApp.now());
        const response = await site.testApp.app.inject({
          method: "POST",
          url: "/webhooks/stripe",
          headers,
          payload,
        });
        assert.equal(response.statusCode, 200);
        assert.equal(response.json().matched, false);
      }
      const rows = await listUnmatchedStripeEvents(site.db, { limit: 10 });
      assert.deepEqual(
        rows.map((row) => [row.eventId, row.type, row.reason]),
        [
          [renewal.id, "invoice.paid", "No donation 515151 on this site"],
          [unknown.id, "checkout.session.completed", "No donation 424242 on this site"],
          [withoutId.id, "checkout.session.completed", "No donation_id in the metadata"],
        ],
      );
      assert.equal(rows[1]?.objectId, "cs_test_424242");
      assert.equal(site.warnings(/not for this site/).length, 3);
      // A real gift still counts, and is not reported.
      const donationId = await site.startGift({ preset: "20" });
      await site.deliver(sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_ok" }));
      assert.equal((await listUnmatchedStripeEvents(site.db, { limit: 10 })).length, 3);

      // Staff who manage donations see them under Donations, by Stripe event id; others do not.
      const manager = await signInAs(site.testApp, "administrator");
      const donationsPage = (await manager.request({ method: "GET", url: "/admin/donations/" })).body;
      assert.match(donationsPage, /3 Stripe events in the last 30 days named no donation of this site/);
      assert.match(donationsPage, /href="\/admin\/donations\/unmatched\/"/);
      const listed = await manager.request({ method: "GET", url: "/admin/donations/unmatched/" });
      assert.equal(listed.statusCode, 200);
      for (const event of [withoutId, unknown, renewal])
        assert.match(listed.body, new RegExp(`<code>${event.id}</code>`));
      assert.match(listed.body, /cs_test_424242/);
      assert.match(listed.body, /No donation 515151 on this site/);
      assert.match(listed.body, /<td>€5<\/td>/);
      assert.equal(
        (await manager.request({ method: "GET", url: "/admin/donations/unmatched/?page=0" })).statusCode,
        400,
      );
      assert.equal(
        (await manager.request({ method: "GET", url: "/admin/donations/unmatched/?page=2" })).statusCode,
        404,
      );
      const author = await signInAs(site.testApp, "author");
      assert.equal(
        (await author.request({ method: "GET", url: "/admin/donations/unmatched/" })).statusCode,
        403,
      );
    });

    it("counts a completion delivered five times once: one payment, one shipment, one receipt", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({ preset: "20", reward: String(site.mugId) });
      const completed = sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_1" });
      for (let i = 0; i < 5; i++) await site.deliver(completed);
      const [donation] = await site.donations();
      assert.equal(donation?.status, "paid");
      assert.equal(donation?.donor_email, "ada@example.org");
      assert.equal(donation?.payment_intent_id, "pi_1");
      const shipments = await site.shipments();
      assert.equal(shipments.length, 1);
      assert.deepEqual(
        [shipments[0]?.recipient, shipments[0]?.city, shipments[0]?.country, shipments[0]?.status],
        ["Ada Lovelace", "Kiel", "DE", "to-ship"],
      );
      assert.deepEqual(await site.progress(), { raised: 2000, donors: 1 });
      assert.deepEqual(await site.totals(), [{ currency: "EUR", amount: 2000, count: 1 }]);
      assert.equal(await site.stock(), 9);
      const thanks = await site.testApp.app.inject(
        `/donate/thanks/?session=${donation?.checkout_session_id}`,
      );
      assert.match(thanks.body, /We have received your gift of €20/);
      const wall = await site.testApp.app.inject("/supporters/");
      assert.doesNotMatch(wall.body, /Ada/, "an anonymous donor is not named");
      assert.match(wall.body, /No named supporters yet/);
      const inbox = await site.settledInbox();
      assert.equal(inbox.length, 1);
      assert.deepEqual(inbox[0]?.to, ["ada@example.org"]);
      assert.match(
        mailText(inbox[0] ?? { to: [], raw: "" }),
        /Thank you for your gift of =E2=82=AC20|Thank you for your gift of €20/,
      );
    });

    it("keeps a donation refunded before its completion arrives refunded: no totals, no shipment, no receipt", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({ preset: "20", reward: String(site.mugId) });
      await site.deliver(chargeRefunded("pi_1", 2000));
      const completed = sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_1" });
      await site.deliver(completed);
      await site.deliver(completed);
      const [donation] = await site.donations();
      assert.equal(donation?.status, "refunded");
      assert.deepEqual(await site.shipments(), []);
      assert.deepEqual(await site.progress(), { raised: 0, donors: 0 });
      assert.deepEqual(await site.totals(), []);
      assert.equal(await site.stock(), 10);
      assert.equal((await site.settledInbox()).length, 0);
    });

    it("never resurrects a refunded donation, and cancels its unsent shipment", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({ preset: "25", reward: String(site.mugId) });
      const completed = sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_1" });
      await site.deliver(completed);
      await site.deliver(chargeRefunded("pi_1", 2500));
      await site.deliver(completed);
      await site.deliver(
        sessionEvent("checkout.session.async_payment_succeeded", donationId, { paymentIntent: "pi_1" }),
      );
      const [donation] = await site.donations();
      assert.equal(donation?.status, "refunded");
      assert.equal(Number(donation?.refunded_amount), 2500);
      assert.deepEqual(
        (await site.shipments()).map((s) => s.status),
        ["cancelled"],
      );
      assert.deepEqual(await site.totals(), []);
      assert.equal(await site.stock(), 10);
    });

    it("takes a partial refund off the totals but keeps the gift paid", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({ preset: "50" });
      await site.deliver(sessionEvent("checkout.session.completed", donationId, { paymentIntent: "pi_9" }));
      await site.deliver(chargeRefunded("pi_9", 1000));
      await site.deliver(chargeRefunded("pi_9", 1000));
      assert.deepEqual(await site.totals(), [{ currency: "EUR", amount: 4000, count: 1 }]);
      assert.equal((await site.donations())[0]?.status, "paid");
    });

    it("counts a monthly gift once however its first invoice and completion are ordered, then each renewal", async (t) => {
      const site = await webhookSite(t, dialect);
      const donationId = await site.startGift({
        preset: "5",
        frequency: "monthly",
        listed: "1",
        publicName: "Ada",
      });
      const first = invoicePaid(donationId, "in_1", "subscription_create", "pi_first");
      await site.deliver(first);
      const completed = sessionEvent("checkout.session.completed", donationId, { subscription: "sub_1" });
      await site.deliver(completed);
      await site.deliver(first);
      await site.deliver(completed);
      assert.equal((await site.donations()).length, 1);
      const renewal = invoicePaid(donationId, "in_2", "subscription_cycle", "pi_second");
      await site.deliver(renewal);
      await site.deliver(renewal);
      // The same invoice under a new event id (Stripe may resend): still one renewal.
      await site.deliver({ ...renewal, id: eventId() });
      const rows = await site.donations();
      assert.deepEqual(
        rows.map((row) => [
          row.status,
          Number(row.amount),
          row.invoice_id,
          row.first_donation_id,
          row.subscription_id,
        ]),
        [
          ["paid", 500, "in_1", null, "sub_1"],
          ["paid", 500, "in_2", donationId, "sub_1"],
        ],
      );
      assert.deepEqual(await site.totals(), [{ currency: "EUR", amount: 1000, count: 2 }]);
      assert.deepEqual(await site.progress(), { raised: 1000, donors: 1 });
      const inbox = await site.settledInbox();
      assert.equal(inbox.length, 2);
      assert.match(mailText(inbox[1] ?? { to: [], raw: "" }), /monthly gift/);

      await site.deliver(chargeRefunded("pi_second", 500));
      assert.deepEqual(
        (await site.donations()).map((row) => row.status),
        ["paid", "refunded"],
      );
      await site.deliver({
        id: eventId(),
        type: "customer.subscription.deleted",
        data: {
          object: { id: "sub_1", object: "subscription", metadata: { donation_id: String(donationId) } },
        },
      });
      assert.equal((await site.donations())[0]?.subscription_status, "cancelled");
      // The supporters page names the monthly donor once.
      const wall = await site.testApp.app.inject("/supporters/");
      assert.equal(wall.body.match(/<strong>Ada<\/strong>/g)?.length, 1);
    });

    it("counts concurrent deliveries once, also of different events about the same payment", async (t) => {
      const site = await webhookSite(t, dialect);
      const oneTime = await site.startGift({ preset: "20", reward: String(site.mugId) });
      const completed = sessionEvent("checkout.session.completed", oneTime, { paymentIntent: "pi_1" });
      await Promise.all(Array.from({ length: 5 }, () => site.deliver(completed)));
      const monthly = await site.startGift({ preset: "5", frequency: "monthly" });
      await Promise.all([
        site.deliver(invoicePaid(monthly, "in_1", "subscription_create", "pi_first")),
        site.deliver(sessionEvent("checkout.session.completed", monthly, { subscription: "sub_1" })),
        site.deliver(chargeRefunded("pi_1", 2000)),
        site.deliver(chargeRefunded("pi_1", 2000)),
      ]);
      assert.deepEqual(
        (await site.donations()).map((row) => [row.id, row.status]),
        [
          [oneTime, "refunded"],
          [monthly, "paid"],
        ],
      );
      assert.deepEqual(await site.totals(), [{ currency: "EUR", amount: 500, count: 1 }]);
      assert.deepEqual(
        (await site.shipments()).map((s) => s.status),
        ["cancelled"],
      );
      assert.equal((await site.settledInbox()).length, 2);
    });

    it("asks Stripe which payment paid an invoice that does not say, so its refund is found", async (t) => {
      const site = await webhookSite(t, dialect);
      const monthly = await site.startGift({ preset: "5", frequency: "monthly" });
      await site.deliver(sessionEvent("checkout.session.completed", monthly, { subscription: "sub_1" }));
      site.stripe.invoicePayments.set("in_3", "pi_third");
      const renewal = invoicePaid(monthly, "in_3", "subscription_cycle", "unused");
      delete (renewal.data.object as { payments?: unknown }).payments;
      await site.deliver(renewal);
      const lookup = site.stripe.requests.find((request) => request.path === "/v1/invoice_payments");
      assert.deepEqual([lookup?.method, lookup?.form.invoice, lookup?.form.status], ["GET", "in_3", "paid"]);
      assert.equal((await site.donations())[1]?.payment_intent_id, "pi_third");
      await site.deliver(chargeRefunded("pi_third", 500));
      assert.deepEqual(
        (await site.donations()).map((row) => row.status),
        ["paid", "refunded"],
      );
    });

    it("gives the reward back when a session expires or its payment fails, once", async (t) => {
      const site = await webhookSite(t, dialect);
      const expiring = await site.startGift({ preset: "20", reward: String(site.mugId) });
      const failing = await site.startGift({ preset: "20", reward: String(site.mugId) });
      assert.equal(await site.stock(), 8);
      const expired = sessionEvent("checkout.session.expired", expiring, { paid: false });
      await site.deliver(expired);
      await site.deliver({ ...expired, id: eventId() });
      await site.deliver(
        sessionEvent("checkout.session.completed", failing, { paymentIntent: "pi_slow", paid: false }),
      );
      const failed = sessionEvent("checkout.session.async_payment_failed", failing, {
        paymentIntent: "pi_slow",
        paid: false,
      });
      await site.deliver(failed);
      await site.deliver(failed);
      assert.deepEqual(
        (await site.donations()).map((row) => [row.status, row.reward_reserved]),
        [
          ["expired", 0],
          ["failed", 0],
        ],
      );
      assert.equal(await site.stock(), 10);
      assert.deepEqual(await site.shipments(), []);
      assert.deepEqual(await site.totals(), []);
    });
  });
}
