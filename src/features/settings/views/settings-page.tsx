import { type Child, h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField, ErrorNotice } from "../../admin/views/admin-layout.js";
import { type SiteSettings, TIME_ZONES } from "../settings.js";

export const EDITABLE_SETTINGS = [
  "title",
  "description",
  "logoUrl",
  "language",
  "timeZone",
  "postsPerPage",
  "feedContent",
  "donationAppeal",
  "readerAppeal",
  "donationCurrencies",
  "donationPresets",
  "donationMaximum",
  "commentPolicy",
  "commentsOpenTo",
  "bannedWords",
  "commentFlagThreshold",
  "commentLimitPerMinutePerIp",
  "commentLimitPerMinutePerReader",
  "uploadMaxBytes",
  "voteLimitPerMinutePerIp",
  "voteLimitPerMinutePerReader",
  "voteNetworkLimitPerHour",
] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

/** Each field's label and the rule it must follow, shown under the field and in an error about it. */
export const SETTING_FIELDS: Record<EditableSetting, { label: string; rule: string }> = {
  title: { label: "Site title", rule: "1 to 120 characters, not only spaces." },
  description: { label: "Description", rule: "At most 500 characters; shown under the title." },
  logoUrl: {
    label: "Logo",
    rule: "An image from the media library (/media/…); empty shows the title as text.",
  },
  language: { label: "Language", rule: "A language tag such as en, fr or de-CH." },
  timeZone: { label: "Time zone", rule: "A time zone name such as Europe/Zurich or UTC." },
  postsPerPage: { label: "Articles per page", rule: "A whole number from 1 to 100." },
  feedContent: { label: "Feeds carry", rule: "One of the choices offered." },
  donationAppeal: { label: "Donation appeal", rule: "At most 2,000 characters." },
  readerAppeal: { label: "Reader appeal", rule: "At most 4,000 characters." },
  donationCurrencies: {
    label: "Donation currencies",
    rule: "ISO codes separated by commas, such as EUR,USD,GBP; the first is the default.",
  },
  donationPresets: {
    label: "Suggested amounts",
    rule: "Whole amounts separated by commas, such as 5,10,20,50 (at most eight).",
  },
  donationMaximum: {
    label: "Largest single gift",
    rule: "A whole number of units of the chosen currency, from 1 to 999,999.",
  },
  commentPolicy: { label: "Comment moderation", rule: "One of the choices offered." },
  commentsOpenTo: { label: "Who may comment", rule: "One of the choices offered." },
  bannedWords: {
    label: "Banned words",
    rule: "One word or phrase a line; a comment containing one waits for review (any case or accents).",
  },
  commentFlagThreshold: {
    label: "Reports that send a comment back to review",
    rule: "A whole number from 1 to 1,000.",
  },
  commentLimitPerMinutePerIp: {
    label: "Comments per minute from one address",
    rule: "A whole number from 1; more are refused for the rest of the minute.",
  },
  commentLimitPerMinutePerReader: {
    label: "Comments per minute from one commenter",
    rule: "A whole number from 1; counted by reader account or commenter cookie.",
  },
  uploadMaxBytes: {
    label: "Largest image upload (bytes)",
    rule: "From 102,400 (100 KB) to 52,428,800 (50 MB).",
  },
  voteLimitPerMinutePerIp: {
    label: "Votes per minute from one address",
    rule: "A whole number from 1; more are refused for the rest of the minute.",
  },
  voteLimitPerMinutePerReader: {
    label: "Votes per minute from one reader",
    rule: "A whole number from 1; counted by the reader's voter cookie.",
  },
  voteNetworkLimitPerHour: {
    label: "Votes per article per hour from one network",
    rule: "A whole number from 1; further votes from that IPv4 /24 or IPv6 /64 are held for review.",
  },
};

const NUMBER_LIMITS: Partial<Record<EditableSetting, [number, number]>> = {
  postsPerPage: [1, 100],
  uploadMaxBytes: [100 * 1024, 50 * 1024 * 1024],
  voteLimitPerMinutePerIp: [1, 1_000_000],
  commentFlagThreshold: [1, 1000],
  commentLimitPerMinutePerIp: [1, 1_000_000],
  commentLimitPerMinutePerReader: [1, 1_000_000],
  voteLimitPerMinutePerReader: [1, 1_000_000],
  voteNetworkLimitPerHour: [1, 10_000_000],
  donationMaximum: [1, 999_999],
};

function NumberField(props: { name: EditableSetting; value: string }) {
  const [min, max] = NUMBER_LIMITS[props.name] ?? [0, Number.MAX_SAFE_INTEGER];
  return (
    <Field name={props.name}>
      <input type="number" {...described(props.name)} required min={min} max={max} value={props.value} />
    </Field>
  );
}

export type SettingsFormValues = Record<EditableSetting, string>;

export const formValuesOf = (settings: SiteSettings): SettingsFormValues =>
  Object.fromEntries(EDITABLE_SETTINGS.map((key) => [key, String(settings[key])])) as SettingsFormValues;

const COMMENT_POLICIES: [SiteSettings["commentPolicy"], string][] = [
  ["hold-first-time", "Hold a reader's first comment for review, then publish theirs at once"],
  ["hold-all", "Hold every comment for review"],
  ["publish", "Publish every comment at once"],
];
const FEED_CONTENTS: [SiteSettings["feedContent"], string][] = [
  ["full", "The full text of each article"],
  ["excerpt", "Only the standfirst, with a link to the article"],
];
const COMMENT_AUDIENCES: [SiteSettings["commentsOpenTo"], string][] = [
  ["anyone", "Anyone"],
  ["readers", "Signed-in readers only"],
  ["nobody", "Nobody (comments closed)"],
];

/** A labelled control whose id is the setting's name, with its rule as the description. */
function Field(props: { name: EditableSetting; children?: Child }) {
  const { label, rule } = SETTING_FIELDS[props.name];
  return (
    <div class="field">
      <label for={props.name}>{label}</label>
      {props.children}
      <small class="hint" id={`${props.name}-rule`}>
        {rule}
      </small>
    </div>
  );
}

const described = (name: EditableSetting) => ({ id: name, name, "aria-describedby": `${name}-rule` });

function Choice(props: { name: EditableSetting; value: string; choices: [string, string][] }) {
  return (
    <Field name={props.name}>
      <select {...described(props.name)}>
        {props.choices.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function SettingsPage(props: { view: AdminView; values: SettingsFormValues; error?: string }) {
  const { values } = props;
  return (
    <AdminLayout view={props.view} title="Site settings">
      <form class="stacked" method="post" action="/admin/settings/">
        <CsrfField view={props.view} />
        <ErrorNotice error={props.error} />
        <Field name="title">
          <input type="text" {...described("title")} required maxlength={120} value={values.title} />
        </Field>
        <Field name="description">
          <input type="text" {...described("description")} maxlength={500} value={values.description} />
        </Field>
        <Field name="logoUrl">
          <input
            type="text"
            {...described("logoUrl")}
            maxlength={500}
            value={values.logoUrl}
            placeholder="/media/…"
          />
        </Field>
        {values.logoUrl ? <img src={values.logoUrl} alt="Logo preview" height="64" /> : null}
        <Field name="language">
          <input type="text" {...described("language")} required maxlength={6} value={values.language} />
        </Field>
        <Field name="timeZone">
          <input type="text" {...described("timeZone")} required list="time-zones" value={values.timeZone} />
        </Field>
        <datalist id="time-zones">
          {TIME_ZONES.map((zone) => (
            <option value={zone} />
          ))}
        </datalist>
        <NumberField name="postsPerPage" value={values.postsPerPage} />
        <Choice name="feedContent" value={values.feedContent} choices={FEED_CONTENTS} />
        <Field name="donationAppeal">
          <textarea {...described("donationAppeal")} maxlength={2000}>
            {values.donationAppeal}
          </textarea>
        </Field>
        <Field name="readerAppeal">
          <textarea {...described("readerAppeal")} maxlength={4000}>
            {values.readerAppeal}
          </textarea>
        </Field>
        <fieldset>
          <legend>Donations</legend>
          <Field name="donationCurrencies">
            <input
              type="text"
              {...described("donationCurrencies")}
              required
              maxlength={79}
              value={values.donationCurrencies}
            />
          </Field>
          <Field name="donationPresets">
            <input
              type="text"
              {...described("donationPresets")}
              required
              maxlength={60}
              value={values.donationPresets}
            />
          </Field>
          <NumberField name="donationMaximum" value={values.donationMaximum} />
        </fieldset>
        <Choice name="commentPolicy" value={values.commentPolicy} choices={COMMENT_POLICIES} />
        <Choice name="commentsOpenTo" value={values.commentsOpenTo} choices={COMMENT_AUDIENCES} />
        <Field name="bannedWords">
          <textarea {...described("bannedWords")} maxlength={20000}>
            {values.bannedWords}
          </textarea>
        </Field>
        <NumberField name="commentFlagThreshold" value={values.commentFlagThreshold} />
        <NumberField name="commentLimitPerMinutePerIp" value={values.commentLimitPerMinutePerIp} />
        <NumberField name="commentLimitPerMinutePerReader" value={values.commentLimitPerMinutePerReader} />
        <fieldset>
          <legend>Uploads and reader votes</legend>
          <NumberField name="uploadMaxBytes" value={values.uploadMaxBytes} />
          <NumberField name="voteLimitPerMinutePerIp" value={values.voteLimitPerMinutePerIp} />
          <NumberField name="voteLimitPerMinutePerReader" value={values.voteLimitPerMinutePerReader} />
          <NumberField name="voteNetworkLimitPerHour" value={values.voteNetworkLimitPerHour} />
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
    </AdminLayout>
  );
}
