import { epochToZonedLocal } from "../../../core/time.js";
import { FormError } from "../../../views/fields.js";
import { formatDateTime } from "../../../views/format.js";
import { type Child, h } from "../../../views/jsx.js";
import { type Column, ListTable } from "../../../views/list-table.js";
import { withQuery } from "../../../views/query-string.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { CampaignForm, RewardForm } from "../donation.forms.js";
import type { Campaign, CampaignProgress, Reward } from "../donation.js";
import type { DonationRow, Shipment } from "../donation.repository.js";
import { formatMoney } from "../money.js";
import { UNMATCHED_PATH, UnmatchedEventsNotice } from "./unmatched-events-page.js";

const STATUSES = ["pending", "paid", "refunded", "failed", "expired"] as const;

/** The donations list's filters as typed (dates as YYYY-MM-DD in the site's time zone). */
export interface DonationQuery {
  campaign?: string | undefined;
  status?: string | undefined;
  currency?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  email?: string | undefined;
}

function SubNav() {
  return (
    <p class="sub-nav">
      <a href="/admin/donations/">Donations</a> · <a href="/admin/donations/fulfilment/">Fulfilment</a> ·{" "}
      <a href="/admin/donations/rewards/">Rewards</a> · <a href="/admin/donations/campaigns/">Campaigns</a> ·{" "}
      <a href={UNMATCHED_PATH}>Unmatched Stripe events</a>
    </p>
  );
}

function donationKind(row: DonationRow): Child {
  const kind =
    row.frequency !== "monthly"
      ? "once"
      : row.firstDonationId
        ? `renewal of #${row.firstDonationId}`
        : "monthly";
  return [kind, row.subscriptionStatus === "cancelled" ? <small> (cancelled)</small> : null];
}

function DonationTable(props: { rows: DonationRow[]; timeZone: string }) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  const money = (amount: number, row: DonationRow) =>
    formatMoney({ amount, currency: row.currency }, "en-GB");
  return (
    <ListTable
      rows={props.rows}
      empty="No donations match."
      columns={[
        { head: "#", cell: (row) => row.id },
        { head: "Created", cell: (row) => when(row.createdAt) },
        {
          head: "Amount",
          cell: (row) => [
            money(row.amount, row),
            row.refundedAmount > 0 ? <small>{` (refunded ${money(row.refundedAmount, row)})`}</small> : null,
          ],
        },
        { head: "Status", cell: (row) => row.status },
        { head: "Kind", cell: donationKind },
        {
          head: "Donor",
          cell: (row) =>
            row.donorEmail ? (
              <a href={withQuery("/admin/donations/donor/", { email: row.donorEmail })}>{row.donorEmail}</a>
            ) : (
              "—"
            ),
        },
        { head: "Public name", cell: (row) => (row.listed ? row.publicName : <small>anonymous</small>) },
        { head: "Campaign", cell: (row) => row.campaignTitle ?? "—" },
        { head: "Reward", cell: (row) => row.rewardName ?? "—" },
      ]}
    />
  );
}

function Totals(props: { totals: Array<{ currency: string; amount: number; count: number }> }) {
  return (
    <ListTable
      rows={props.totals}
      empty="Nothing received for these filters."
      class="totals"
      caption="Received (paid, net of refunds)"
      columns={[
        { head: "Currency", cell: (total) => total.currency },
        { head: "Amount", cell: (total) => formatMoney(total, "en-GB") },
        { head: "Payments", cell: (total) => total.count },
      ]}
    />
  );
}

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? "")}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DonationsPage(props: {
  view: AdminView;
  query: DonationQuery;
  campaigns: Campaign[];
  currencies: string[];
  rows: DonationRow[];
  totals: Array<{ currency: string; amount: number; count: number }>;
  truncated: boolean;
  timeZone: string;
  paymentsReady: boolean;
  /** Stripe events of the last `days` days that named no donation here. */
  unmatched: { count: number; days: number };
}) {
  const { query } = props;
  return (
    <AdminLayout view={props.view} title="Donations">
      <SubNav />
      <UnmatchedEventsNotice {...props.unmatched} />
      {props.paymentsReady ? null : (
        <p class="notice notice-error" role="status">
          Payments are not set up: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET and restart the site. Until
          then the donate page tells readers donations are unavailable.
        </p>
      )}
      <form class="filters" method="get" action="/admin/donations/">
        <Select
          name="campaign"
          label="Campaign"
          value={query.campaign}
          options={[["", "Any"], ...props.campaigns.map((c): [string, string] => [String(c.id), c.title])]}
        />
        <Select
          name="status"
          label="Status"
          value={query.status}
          options={[["", "Any"], ...STATUSES.map((s): [string, string] => [s, s])]}
        />
        <Select
          name="currency"
          label="Currency"
          value={query.currency}
          options={[["", "Any"], ...props.currencies.map((c): [string, string] => [c, c])]}
        />
        <label>
          From
          <input type="date" name="from" value={query.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" value={query.to ?? ""} />
        </label>
        <label>
          Donor e-mail
          <input type="email" name="email" value={query.email ?? ""} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Totals totals={props.totals} />
      <p>
        <a href={withQuery("/admin/donations/export.csv", { ...query })}>Export these donations as CSV</a>
      </p>
      {props.truncated ? <p>Showing the newest {props.rows.length}; the CSV has them all.</p> : null}
      <DonationTable rows={props.rows} timeZone={props.timeZone} />
    </AdminLayout>
  );
}

export function DonorPage(props: {
  view: AdminView;
  email: string;
  rows: DonationRow[];
  totals: Array<{ currency: string; amount: number; count: number }>;
  timeZone: string;
}) {
  return (
    <AdminLayout view={props.view} title={`Donor: ${props.email}`}>
      <SubNav />
      <Totals totals={props.totals} />
      <DonationTable rows={props.rows} timeZone={props.timeZone} />
    </AdminLayout>
  );
}

function Address(props: { shipment: Shipment }) {
  const { shipment } = props;
  return (
    <address>
      {shipment.recipient}
      <br />
      {shipment.line1}
      {shipment.line2 ? [<br />, shipment.line2] : null}
      <br />
      {`${shipment.postalCode} ${shipment.city}`}
      {shipment.state ? `, ${shipment.state}` : ""}
      <br />
      {shipment.country}
    </address>
  );
}

const donationColumn: Column<Shipment> = { head: "Donation", cell: (shipment) => `#${shipment.donationId}` };
const rewardColumn: Column<Shipment> = { head: "Reward", cell: (shipment) => shipment.rewardName ?? "—" };

export function FulfilmentPage(props: {
  view: AdminView;
  toShip: Shipment[];
  shipped: Shipment[];
  timeZone: string;
}) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  return (
    <AdminLayout view={props.view} title="Fulfilment">
      <SubNav />
      <p>
        Physical rewards of paid donations. A refunded donation's parcel is cancelled here automatically.{" "}
        <a href="/admin/donations/fulfilment.csv">Export the parcels to ship as CSV</a> for a mailing house.
      </p>
      <h2>To ship ({props.toShip.length})</h2>
      <ListTable
        rows={props.toShip}
        empty="Nothing to ship."
        columns={[
          donationColumn,
          { head: "Since", cell: (shipment) => when(shipment.createdAt) },
          rewardColumn,
          { head: "Address", cell: (shipment) => <Address shipment={shipment} /> },
          {
            head: "Mark shipped",
            cell: (shipment) => (
              <form method="post" action={`/admin/donations/fulfilment/${shipment.donationId}/shipped`}>
                <CsrfField view={props.view} />
                <label>
                  Tracking number
                  <input type="text" name="trackingNumber" required maxlength={100} />
                </label>{" "}
                <button type="submit">Shipped</button>
              </form>
            ),
          },
        ]}
      />
      <h2>Recently shipped</h2>
      <ListTable
        rows={props.shipped}
        empty="Nothing shipped yet."
        columns={[
          donationColumn,
          rewardColumn,
          {
            head: "Recipient",
            cell: (shipment) => `${shipment.recipient}, ${shipment.city}, ${shipment.country}`,
          },
          { head: "Tracking", cell: (shipment) => shipment.trackingNumber ?? "" },
          { head: "Shipped", cell: (shipment) => (shipment.shippedAt ? when(shipment.shippedAt) : "") },
        ]}
      />
    </AdminLayout>
  );
}

/** A labelled field; the control inside must have `id={props.id}`. */
function Field(props: { id: string; label: string; hint?: string; children?: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? <small class="hint">{props.hint}</small> : null}
    </div>
  );
}

/** The description of a reward or a campaign. */
function DescriptionField(props: { value: string }) {
  return (
    <Field id="f-description" label="Description">
      <textarea id="f-description" name="description" maxlength={2000}>
        {props.value}
      </textarea>
    </Field>
  );
}

/** The form of a new reward, or (with its id) of one to change. */
function RewardFormView(props: {
  view: AdminView;
  id?: number;
  values: RewardForm;
  error?: string | undefined;
}) {
  const { values } = props;
  const action = props.id ? `/admin/donations/rewards/${props.id}/` : "/admin/donations/rewards/";
  return (
    <form class="stacked" method="post" action={action}>
      <CsrfField view={props.view} />
      <FormError problem={props.error} />
      <Field id="f-name" label="Name">
        <input id="f-name" type="text" name="name" required maxlength={120} value={values.name} />
      </Field>
      <DescriptionField value={values.description} />
      <Field id="f-imageUrl" label="Image" hint="An image from the media library (/media/…), or empty.">
        <input id="f-imageUrl" type="text" name="imageUrl" maxlength={500} value={values.imageUrl} />
      </Field>
      <Field
        id="f-minimums"
        label="Minimum gift per currency"
        hint='Such as "EUR 20, USD 25"; not offered in currencies left out.'
      >
        <input id="f-minimums" type="text" name="minimums" required maxlength={500} value={values.minimums} />
      </Field>
      <Field id="f-stock" label="Stock" hint="How many are left; empty for no limit.">
        <input id="f-stock" type="text" name="stock" inputmode="numeric" maxlength={7} value={values.stock} />
      </Field>
      <label>
        <input type="checkbox" name="physical" value="1" checked={values.physical === "1"} /> Physical:
        shipped, so the donor gives an address
      </label>
      <Field id="f-shipCountries" label="Ships to" hint="Two-letter country codes, such as DE, FR, AT.">
        <input
          id="f-shipCountries"
          type="text"
          name="shipCountries"
          maxlength={1000}
          value={values.shipCountries}
        />
      </Field>
      <label>
        <input type="checkbox" name="active" value="1" checked={values.active === "1"} /> Offered to donors
      </label>
      <button type="submit">{props.id ? "Save reward" : "Add reward"}</button>
    </form>
  );
}

export function RewardsPage(props: {
  view: AdminView;
  rewards: Reward[];
  newForm: RewardForm;
  error?: string | undefined;
}) {
  return (
    <AdminLayout view={props.view} title="Rewards">
      <SubNav />
      <ListTable
        rows={props.rewards}
        empty="No rewards yet."
        columns={[
          {
            head: "Name",
            cell: (reward) => <a href={`/admin/donations/rewards/${reward.id}/`}>{reward.name}</a>,
          },
          {
            head: "Minimums",
            cell: (reward) =>
              Object.entries(reward.minimums)
                .map(([currency, amount]) => formatMoney({ amount, currency }, "en-GB"))
                .join(" · "),
          },
          { head: "Stock", cell: (reward) => reward.stock ?? "no limit" },
          {
            head: "Physical",
            cell: (reward) => (reward.physical ? `yes (${reward.shipCountries.join(", ")})` : "no"),
          },
          { head: "Offered", cell: (reward) => (reward.active ? "yes" : "no") },
        ]}
      />
      <h2>New reward</h2>
      <RewardFormView view={props.view} values={props.newForm} error={props.error} />
    </AdminLayout>
  );
}

export function RewardEditPage(props: {
  view: AdminView;
  id: number;
  values: RewardForm;
  error?: string | undefined;
}) {
  return (
    <AdminLayout view={props.view} title={`Reward: ${props.values.name}`}>
      <SubNav />
      <RewardFormView view={props.view} id={props.id} values={props.values} error={props.error} />
    </AdminLayout>
  );
}

export const campaignFormValues = (campaign: Campaign, timeZone: string, goalText: string): CampaignForm => ({
  title: campaign.title,
  description: campaign.description,
  goal: goalText,
  currency: campaign.goal.currency,
  startsAt: epochToZonedLocal(campaign.startsAt, timeZone),
  endsAt: epochToZonedLocal(campaign.endsAt, timeZone),
});

/** The form of a new campaign, or (with its id) of one to change. */
function CampaignFormView(props: {
  view: AdminView;
  id?: number;
  values: CampaignForm;
  currencies: string[];
  error?: string | undefined;
}) {
  const { values } = props;
  const action = props.id ? `/admin/donations/campaigns/${props.id}/` : "/admin/donations/campaigns/";
  return (
    <form class="stacked" method="post" action={action}>
      <CsrfField view={props.view} />
      <FormError problem={props.error} />
      <Field id="f-title" label="Title">
        <input id="f-title" type="text" name="title" required maxlength={200} value={values.title} />
      </Field>
      <DescriptionField value={values.description} />
      <Field id="f-goal" label="Goal" hint="In whole units or with decimals, such as 10000.">
        <input
          id="f-goal"
          type="text"
          name="goal"
          required
          inputmode="decimal"
          maxlength={20}
          value={values.goal}
        />
      </Field>
      <Field id="f-currency" label="Goal currency" hint="Only gifts in this currency count towards the goal.">
        <select id="f-currency" name="currency">
          {props.currencies.map((currency) => (
            <option value={currency} selected={currency === values.currency}>
              {currency}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-startsAt" label="Starts">
        <input id="f-startsAt" type="datetime-local" name="startsAt" required value={values.startsAt} />
      </Field>
      <Field id="f-endsAt" label="Ends">
        <input id="f-endsAt" type="datetime-local" name="endsAt" required value={values.endsAt} />
      </Field>
      <button type="submit">{props.id ? "Save campaign" : "Add campaign"}</button>
    </form>
  );
}

export function CampaignsPage(props: {
  view: AdminView;
  campaigns: Array<{ campaign: Campaign; progress: CampaignProgress }>;
  currencies: string[];
  newForm: CampaignForm;
  timeZone: string;
  error?: string | undefined;
}) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  return (
    <AdminLayout view={props.view} title="Campaigns">
      <SubNav />
      <ListTable
        rows={props.campaigns}
        empty="No campaigns yet."
        columns={[
          {
            head: "Title",
            cell: ({ campaign }) => (
              <a href={`/admin/donations/campaigns/${campaign.id}/`}>{campaign.title}</a>
            ),
          },
          {
            head: "Raised",
            cell: ({ campaign, progress }) =>
              `${formatMoney({ amount: progress.raised, currency: campaign.goal.currency }, "en-GB")} of ${formatMoney(campaign.goal, "en-GB")}`,
          },
          { head: "Donors", cell: ({ progress }) => progress.donors },
          { head: "From", cell: ({ campaign }) => when(campaign.startsAt) },
          { head: "Until", cell: ({ campaign }) => when(campaign.endsAt) },
        ]}
      />
      <h2>New campaign</h2>
      <CampaignFormView
        view={props.view}
        values={props.newForm}
        currencies={props.currencies}
        error={props.error}
      />
    </AdminLayout>
  );
}

export function CampaignEditPage(props: {
  view: AdminView;
  id: number;
  values: CampaignForm;
  currencies: string[];
  error?: string | undefined;
}) {
  return (
    <AdminLayout view={props.view} title={`Campaign: ${props.values.title}`}>
      <SubNav />
      <CampaignFormView {...props} />
    </AdminLayout>
  );
}
