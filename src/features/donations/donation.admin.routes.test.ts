import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, TEST_NOW } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { mailText, startSmtpListener } from "../../../test/helpers/smtp.js";
import { signInAs } from "../../../test/helpers/staff.js";
import type { Db } from "../../storage/storage.js";
import { createMailer } from "../mail/mailer.js";
import { updateSiteSettings } from "../settings/settings.js";
import { donationsPerDay, findCampaign, findReward, listRewards } from "./donation.repository.js";
import type { DonationStatus } from "./donation.table.js";

const DAY = 86_400_000;

interface TestGift {
  amount: number;
  currency: string;
  status: DonationStatus;
  email: string;
  at: number;
  campaignId?: number;
}

/** A donations row as the checkout and webhook would leave it. */
const donationValues = (values: TestGift) => ({
  frequency: "one-time" as const,
  amount: values.amount,
  currency: values.currency,
  status: values.status,
  campaign_id: values.campaignId ?? null,
  reward_id: null,
  reward_reserved: 0,
  donor_email: values.email,
  donor_name: null,
  public_name: null,
  public_message: null,
  listed: 0,
  checkout_session_id: null,
  payment_intent_id: null,
  invoice_id: null,
  subscription_id: null,
  subscription_status: null,
  first_donation_id: null,
  created_at: values.at,
  paid_at: values.status === "pending" ? null : values.at,
  updated_at: values.at,
});

async function addDonation(db: Db, values: TestGift) {
  const row = await db
    .insertInto("donations")
    .values(donationValues(values))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

for (const dialect of testDialects()) {
  describe(`donations in the staff area (${dialect})`, () => {
    it("lists donations with filters, totals per currency, a donor's history and a CSV export", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await addDonation(db, {
        amount: 2000,
        currency: "EUR",
        status: "paid",
        email: "ada@example.org",
        at: TEST_NOW - DAY,
      });
      await addDonation(db, {
        amount: 550,
        currency: "EUR",
        status: "paid",
        email: "bob@example.org",
        at: TEST_NOW,
      });
      await addDonation(db, {
        amount: 1000,
        currency: "USD",
        status: "paid",
        email: "ada@example.org",
        at: TEST_NOW,
      });
      await addDonation(db, {
        amount: 9900,
        currency: "EUR",
        status: "refunded",
        email: "eve@example.org",
        at: TEST_NOW,
      });
      await addDonation(db, {
        amount: 7700,
        currency: "EUR",
        status: "pending",
        email: "=cmd@example.org",
        at: TEST_NOW,
      });
      const editor = await signInAs(testApp, "editor");

      const all = await editor.request({ method: "GET", url: "/admin/donations/" });
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /<td>EUR<\/td><td>€25.50<\/td><td>2<\/td>/);
      assert.match(all.body, /<td>USD<\/td><td>US\$10(\.00)?<\/td><td>1<\/td>/);
      assert.match(all.body, /Payments are not set up/);

      const euroToday = await editor.request({
        method: "GET",
        url: "/admin/donations/?currency=EUR&from=2026-11-25&to=2026-11-25",
      });
      assert.match(euroToday.body, /<td>EUR<\/td><td>€5.50<\/td><td>1<\/td>/);
      assert.doesNotMatch(euroToday.body, /ada@example.org/);

      const refunded = await editor.request({ method: "GET", url: "/admin/donations/?status=refunded" });
      assert.match(refunded.body, /eve@example.org/);
      assert.match(refunded.body, /Nothing received/);

      const donor = await editor.request({
        method: "GET",
        url: "/admin/donations/donor/?email=ADA%40example.org",
      });
      assert.equal(donor.statusCode, 200);
      assert.match(donor.body, /€20/);
      assert.match(donor.body, /US\$10/);
      assert.doesNotMatch(donor.body, /bob@example.org/);

      const csv = await editor.request({ method: "GET", url: "/admin/donations/export.csv?currency=EUR" });
      assert.equal(csv.headers["content-type"], "text/csv; charset=utf-8");
      const lines = csv.body.trim().split("\r\n");
      assert.equal(lines.length, 5);
      assert.match(lines[0] ?? "", /^id,created_at,paid_at,status/);
      assert.ok(lines.some((line) => line.includes(",EUR,20.00,0.00,ada@example.org,")));
      assert.ok(
        lines.some((line) => line.includes(`"'=cmd@example.org"`)),
        "formula defused",
      );

      // The dashboard's series: paid money per day, in whole units, refunds and pending gifts left out.
      const dayStart = Date.UTC(2026, 10, 24);
      const daily = await donationsPerDay("EUR").load(db, { from: dayStart, to: TEST_NOW + 1 });
      assert.deepEqual(daily, [
        { day: dayStart, value: 20 },
        { day: dayStart + DAY, value: 5.5 },
      ]);
      const dashboard = await editor.request({ method: "GET", url: "/admin/" });
      assert.match(dashboard.body, /Donations \(EUR\)/);

      const bad = await editor.request({ method: "GET", url: "/admin/donations/?status=lost" });
      assert.equal(bad.statusCode, 400);
    });

    it("ends a filter's last day at the next local midnight, also on the days the clocks change", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await updateSiteSettings(db, { timeZone: "Europe/Zurich" });
      const gift = (email: string, at: number) =>
        addDonation(db, { amount: 1000, currency: "EUR", status: "paid", email, at });
      // 29 March 2026 has 23 hours in Zurich, 25 October 2026 has 25.
      await gift("march-29-late@example.org", Date.UTC(2026, 2, 29, 21, 30)); // 23:30 CEST on the 29th
      await gift("march-30-early@example.org", Date.UTC(2026, 2, 29, 22, 30)); // 00:30 CEST on the 30th
      await gift("october-25-late@example.org", Date.UTC(2026, 9, 25, 22, 30)); // 23:30 CET on the 25th
      await gift("october-26-early@example.org", Date.UTC(2026, 9, 25, 23, 30)); // 00:30 CET on the 26th
      const editor = await signInAs(testApp, "editor");
      const emailsUpTo = async (query: string) => {
        const csv = await editor.request({ method: "GET", url: `/admin/donations/export.csv?${query}` });
        return [...csv.body.matchAll(/,([\w-]+@example\.org),/g)].map((match) => match[1]).sort();
      };
      assert.deepEqual(await emailsUpTo("from=2026-03-29&to=2026-03-29"), ["march-29-late@example.org"]);
      assert.deepEqual(await emailsUpTo("from=2026-03-30&to=2026-03-30"), ["march-30-early@example.org"]);
      assert.deepEqual(await emailsUpTo("from=2026-10-25&to=2026-10-25"), ["october-25-late@example.org"]);
      assert.deepEqual(await emailsUpTo("from=2026-10-26&to=2026-10-26"), ["october-26-early@example.org"]);
    });

    it("exports every matching donation to CSV, past the page's 500 and the old 100,000 cut-off", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const total = 100_001;
      const at = Date.UTC(2026, 0, 1);
      // Rows sharing a timestamp too, so that reading on after a batch must also compare ids.
      for (let first = 0; first < total; first += 1000) {
        const count = Math.min(1000, total - first);
        await db
          .insertInto("donations")
          .values(
            Array.from({ length: count }, (_, index) =>
              donationValues({
                amount: 500,
                currency: "EUR",
                status: "paid",
                email: `donor${first + index}@example.org`,
                at: at + Math.floor((first + index) / 3),
              }),
            ),
          )
          .execute();
      }
      const editor = await signInAs(testApp, "editor");
      const csv = await editor.request({ method: "GET", url: "/admin/donations/export.csv" });
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.split("\r\n");
      assert.equal(lines.length, total + 2, "the header, every donation, and nothing after the last CRLF");
      const ids = new Set(lines.slice(1, -1).map((line) => line.slice(0, line.indexOf(","))));
      assert.equal(ids.size, total, "each donation once");
    });

    it("queues physical rewards for shipping and e-mails the donor once when shipped", async (t) => {
      const smtp = await startSmtpListener(t);
      const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "news@example.test" }, { info: () => {} });
      const testApp = await buildTestApp(t, dialect, { mailer });
      const { db } = testApp.storage;
      const editor = await signInAs(testApp, "editor");
      const created = await editor.request({
        method: "POST",
        url: "/admin/donations/rewards/",
        form: {
          _csrf: editor.csrf,
          name: "Mug",
          description: "Our mug",
          imageUrl: "",
          physical: "1",
          shipCountries: "de, fr",
          stock: "50",
          active: "1",
          minimums: "EUR 20, USD 25",
        },
      });
      assert.equal(created.statusCode, 303, created.body);
      const [mug] = await listRewards(db, { activeOnly: true });
      assert.deepEqual(
        [mug?.minimums, mug?.shipCountries, mug?.stock],
        [{ EUR: 2000, USD: 2500 }, ["DE", "FR"], 50],
      );

      const donationId = await addDonation(db, {
        amount: 2000,
        currency: "EUR",
        status: "paid",
        email: "ada@example.org",
        at: TEST_NOW,
      });
      await db
        .insertInto("donation_shipments")
        .values({
          donation_id: donationId,
          reward_id: mug?.id ?? null,
          recipient: "Ada Lovelace",
          line1: "1 Harbour Road",
          line2: "",
          postal_code: "24103",
          city: "Kiel",
          state: "",
          country: "DE",
          status: "to-ship",
          created_at: TEST_NOW,
        })
        .execute();
      const queue = await editor.request({ method: "GET", url: "/admin/donations/fulfilment/" });
      assert.match(queue.body, /1 Harbour Road/);
      const csv = await editor.request({ method: "GET", url: "/admin/donations/fulfilment.csv" });
      assert.match(csv.body, /Ada Lovelace,1 Harbour Road,,24103,Kiel,,DE,ada@example.org/);

      const author = await signInAs(testApp, "author");
      for (const url of [
        "/admin/donations/fulfilment/",
        "/admin/donations/fulfilment.csv",
        "/admin/donations/",
      ]) {
        assert.equal((await author.request({ method: "GET", url })).statusCode, 403, url);
      }

      const ship = () =>
        editor.request({
          method: "POST",
          url: `/admin/donations/fulfilment/${donationId}/shipped`,
          form: { _csrf: editor.csrf, trackingNumber: "TRACK-123" },
        });
      assert.equal((await ship()).statusCode, 303);
      assert.equal((await ship()).statusCode, 409);
      const after = await editor.request({ method: "GET", url: "/admin/donations/fulfilment/" });
      assert.match(after.body, /Nothing to ship/);
      assert.match(after.body, /TRACK-123/);
      // The route answers only once the SMTP server has accepted the message: no wait is needed.
      assert.equal(smtp.inbox.length, 1);
      assert.deepEqual(smtp.inbox[0]?.to, ["ada@example.org"]);
      assert.match(mailText(smtp.inbox[0] ?? { to: [], raw: "" }), /Tracking number: TRACK-123/);

      const edited = await editor.request({
        method: "POST",
        url: `/admin/donations/rewards/${mug?.id}/`,
        form: {
          _csrf: editor.csrf,
          name: "Mug",
          description: "",
          imageUrl: "",
          shipCountries: "",
          stock: "",
          minimums: "EUR 30",
        },
      });
      assert.equal(edited.statusCode, 303);
      const mugNow = await findReward(db, mug?.id ?? 0);
      assert.deepEqual(
        [mugNow?.active, mugNow?.stock, mugNow?.physical, mugNow?.minimums],
        [false, null, false, { EUR: 3000 }],
      );
      const invalid = await editor.request({
        method: "POST",
        url: "/admin/donations/rewards/",
        form: {
          _csrf: editor.csrf,
          name: "Tote",
          description: "",
          imageUrl: "",
          physical: "1",
          shipCountries: "",
          stock: "",
          minimums: "EUR 10",
        },
      });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /needs at least one country/);
    });

    it("creates and edits campaigns in the site's time zone", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const editor = await signInAs(testApp, "editor");
      const form = {
        _csrf: editor.csrf,
        title: "Winter drive",
        description: "Keep the lights on",
        goal: "10000",
        currency: "EUR",
        startsAt: "2026-11-01T00:00",
        endsAt: "2027-01-01T00:00",
      };
      assert.equal(
        (await editor.request({ method: "POST", url: "/admin/donations/campaigns/", form })).statusCode,
        303,
      );
      const campaign = await findCampaign(testApp.storage.db, 1);
      assert.deepEqual(
        [campaign?.goal, campaign?.startsAt],
        [{ amount: 1_000_000, currency: "EUR" }, Date.UTC(2026, 10, 1)],
      );
      const list = await editor.request({ method: "GET", url: "/admin/donations/campaigns/" });
      assert.match(list.body, /€0 of €10,000/);
      const edit = await editor.request({ method: "GET", url: "/admin/donations/campaigns/1/" });
      assert.match(edit.body, /value="10000.00"/);
      const bad = await editor.request({
        method: "POST",
        url: "/admin/donations/campaigns/1/",
        form: { ...form, endsAt: "2026-10-01T00:00" },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /must end after it starts/);
      const donate = await testApp.app.inject("/donate/");
      assert.match(donate.body, /Winter drive/);
      assert.match(donate.body, /<progress id="campaign-progress" max="100" value="0">/);
    });
  });
}
