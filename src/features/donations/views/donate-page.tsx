import type { FormProblem } from "../../../http/forms.js";
import type { I18n } from "../../../i18n/i18n.js";
import { controlAttributes, FormError } from "../../../views/fields.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import { type Campaign, type CampaignProgress, progressPercent, type Reward } from "../donation.js";
import type { Frequency } from "../donation.table.js";
import { formatMoney, fromMajor } from "../money.js";

/** What the form shows again after an error, so the reader need not retype it. */
export interface DonateFormValues {
  preset: string;
  custom: string;
  currency: string;
  frequency: Frequency;
  reward: string;
  publicName: string;
  publicMessage: string;
  listed: boolean;
}

export interface DonateOffer {
  currencies: string[];
  /** Whole units, as in settings. */
  presets: number[];
  rewards: Reward[];
  campaign?: { campaign: Campaign; progress: CampaignProgress } | undefined;
}

export function CampaignProgressView(props: { campaign: Campaign; progress: CampaignProgress; i18n: I18n }) {
  const { campaign, progress, i18n } = props;
  const money = (amount: number) => formatMoney({ amount, currency: campaign.goal.currency }, i18n.locale);
  const percent = progressPercent(progress, campaign.goal);
  return (
    <section class="campaign" aria-labelledby="campaign-title">
      <h2 id="campaign-title">{campaign.title}</h2>
      {campaign.description ? <p>{campaign.description}</p> : null}
      <p>
        <label for="campaign-progress">
          {i18n.t("donate.raised", { raised: money(progress.raised), goal: money(campaign.goal.amount) })}
        </label>{" "}
        <progress id="campaign-progress" max="100" value={percent}>
          {percent}%
        </progress>
      </p>
      <p class="campaign-meta">
        {i18n.t("donate.donors", { count: progress.donors })} ·{" "}
        {i18n.t("donate.until", { date: i18n.date(campaign.endsAt - 1) })}
      </p>
    </section>
  );
}

/** "€20 or more" for each currency the reward is offered in. */
function minimumsLine(reward: Reward, currencies: string[], language: string) {
  return currencies
    .filter((currency) => reward.minimums[currency] !== undefined)
    .map((currency) => formatMoney({ amount: reward.minimums[currency] ?? 0, currency }, language))
    .join(" · ");
}

function RewardChoice(props: { reward: Reward; currencies: string[]; i18n: I18n; checked: boolean }) {
  const { reward, i18n } = props;
  const soldOut = reward.stock !== null && reward.stock <= 0;
  const id = `reward-${reward.id}`;
  return (
    <li class="reward">
      <input
        type="radio"
        name="reward"
        id={id}
        value={String(reward.id)}
        checked={props.checked}
        disabled={soldOut}
        data-minimums={JSON.stringify(reward.minimums)}
        data-sold-out={soldOut ? "1" : "0"}
      />
      <label for={id}>
        {reward.imageUrl ? <img src={reward.imageUrl} alt="" width="96" height="96" /> : null}
        <strong>{reward.name}</strong>{" "}
        <span class="reward-minimum">
          {i18n.t("donate.rewardMinimum", { amounts: minimumsLine(reward, props.currencies, i18n.locale) })}
        </span>
        {soldOut ? <em> — {i18n.t("donate.allGone")}</em> : null}
        {reward.stock !== null && !soldOut ? (
          <small> ({i18n.t("donate.stockLeft", { count: reward.stock })})</small>
        ) : null}
        <span class="reward-description">{reward.description}</span>
        {reward.physical ? (
          <small class="reward-shipping">
            {i18n.t("donate.shipping", { countries: reward.shipCountries.join(", ") })}
          </small>
        ) : null}
      </label>
    </li>
  );
}

/** A radio button inside its label, the whole label a tap target. */
function Radio(props: { name: string; id: string; value: string; checked: boolean; label: Child }) {
  return (
    <label class="choice">
      <input type="radio" name={props.name} id={props.id} value={props.value} checked={props.checked} />
      {props.label}
    </label>
  );
}

/** The form's problem beside the field it is about; nothing when it is about another one. */
function ProblemBeside(props: { field: string; problem: FormProblem | undefined }) {
  if (props.problem?.field !== props.field) return null;
  return (
    <small class="field-error" id={`${props.field}-error`}>
      {props.problem.message}
    </small>
  );
}

/** "€20" for a preset of 20 whole units; donate.js re-formats it when the reader picks another currency. */
function PresetAmount(props: { preset: number; currency: string; language: string }) {
  const { preset, currency, language } = props;
  return (
    <span class="preset-amount" data-preset={String(preset)}>
      {formatMoney({ amount: fromMajor(preset, currency), currency }, language)}
    </span>
  );
}

/** A one-line text input after its label, in a paragraph of its own. */
function TextLine(props: {
  name: string;
  label: string;
  value: string;
  maxlength: number;
  autocomplete: string;
  inputmode?: string;
  problem: FormProblem | undefined;
}) {
  const wrong = props.problem?.field === props.name;
  return (
    <p class={wrong ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <input
        type="text"
        {...controlAttributes(props.name, props.problem)}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        value={props.value}
        autocomplete={props.autocomplete}
      />
      <ProblemBeside field={props.name} problem={props.problem} />
    </p>
  );
}

function DonateForm(props: {
  offer: DonateOffer;
  values: DonateFormValues;
  i18n: I18n;
  problem: FormProblem | undefined;
}) {
  const { offer, values, i18n, problem } = props;
  const { t, locale } = i18n;
  return (
    <form class="donate-form" method="post" action="/donate/" data-language={locale}>
      <fieldset>
        <legend>{t("donate.amount")}</legend>
        <ul class="presets">
          {offer.presets.map((preset) => (
            <li>
              <Radio
                name="preset"
                id={`preset-${preset}`}
                value={String(preset)}
                checked={values.preset === String(preset)}
                label={<PresetAmount preset={preset} currency={values.currency} language={locale} />}
              />
            </li>
          ))}
        </ul>
        <TextLine
          name="custom"
          label={t("donate.custom")}
          inputmode="decimal"
          maxlength={20}
          value={values.custom}
          autocomplete="off"
          problem={problem}
        />
        <p class="field">
          <label for="currency">{t("donate.currency")}</label>
          <select {...controlAttributes("currency", problem)}>
            {offer.currencies.map((currency) => (
              <option value={currency} selected={currency === values.currency}>
                {currency}
              </option>
            ))}
          </select>
          <ProblemBeside field="currency" problem={problem} />
        </p>
      </fieldset>
      <fieldset>
        <legend>{t("donate.frequency")}</legend>
        <Radio
          name="frequency"
          id="once"
          value="one-time"
          checked={values.frequency === "one-time"}
          label={t("donate.once")}
        />{" "}
        <Radio
          name="frequency"
          id="monthly"
          value="monthly"
          checked={values.frequency === "monthly"}
          label={t("donate.monthly")}
        />
      </fieldset>
      {offer.rewards.length > 0 ? (
        <fieldset id="reward" aria-describedby={problem?.field === "reward" ? "reward-error" : undefined}>
          <legend>{t("donate.gift")}</legend>
          <ProblemBeside field="reward" problem={problem} />
          <ul class="rewards">
            {offer.rewards.map((reward) => (
              <RewardChoice
                reward={reward}
                currencies={offer.currencies}
                i18n={i18n}
                checked={values.reward === String(reward.id)}
              />
            ))}
            <li class="reward">
              <Radio
                name="reward"
                id="reward-none"
                value="none"
                checked={values.reward === "none"}
                label={t("donate.noGift")}
              />
            </li>
          </ul>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t("donate.supportersPage")}</legend>
        <p>
          <input type="checkbox" id="listed" name="listed" value="1" checked={values.listed} />{" "}
          <label for="listed">{t("donate.listed")}</label>
        </p>
        <TextLine
          name="publicName"
          label={t("donate.publicName")}
          maxlength={80}
          value={values.publicName}
          autocomplete="name"
          problem={problem}
        />
        <p>
          <label for="public-message">{t("donate.publicMessage")}</label>
          <textarea id="public-message" name="publicMessage" maxlength={500}>
            {values.publicMessage}
          </textarea>
        </p>
      </fieldset>
      <p>
        <button type="submit">{t("donate.continue")}</button>
      </p>
      <p class="donate-note">{t("donate.note")}</p>
    </form>
  );
}

export function DonatePage(props: {
  chrome: SiteChrome;
  offer: DonateOffer;
  values: DonateFormValues;
  /** False when payments are not set up: no form is shown. */
  open: boolean;
  /** Shown only to signed-in staff when payments are not set up. */
  staffNotice?: string | undefined;
  /** What was wrong with the last submission: at the top, and beside its field. */
  problem?: FormProblem | undefined;
}) {
  const { chrome, offer } = props;
  const { settings } = chrome;
  // The problem in the site's language, at the top and beside its field.
  const problem = props.problem && { ...props.problem, message: chrome.i18n.say(props.problem) };
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: chrome.t("donate.title"),
        description: settings.donationAppeal || undefined,
        path: "/donate/",
      }}
      head={[
        <link rel="stylesheet" href={chrome.assetUrl("donate.css")} />,
        <script src={chrome.assetUrl("donate.js")} defer />,
      ]}
    >
      <article class="donate">
        <h1>{chrome.t("donate.heading", { site: settings.title })}</h1>
        {settings.donationAppeal ? <p class="appeal">{settings.donationAppeal}</p> : null}
        {offer.campaign ? (
          <CampaignProgressView
            campaign={offer.campaign.campaign}
            progress={offer.campaign.progress}
            i18n={chrome.i18n}
          />
        ) : null}
        <FormError problem={problem} />
        {props.open ? (
          <DonateForm offer={offer} values={props.values} i18n={chrome.i18n} problem={problem} />
        ) : (
          <NotOpen i18n={chrome.i18n} staffNotice={props.staffNotice} />
        )}
      </article>
    </Layout>
  );
}

function NotOpen(props: { i18n: I18n; staffNotice?: string | undefined }) {
  return (
    <>
      <p class="notice">{props.i18n.t("donate.closed")}</p>
      {props.staffNotice ? (
        <p class="notice notice-error" role="status">
          {props.staffNotice}
        </p>
      ) : null}
    </>
  );
}
