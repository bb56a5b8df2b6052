import type { FormProblem } from "../../../http/forms.js";
import { localeName, SITE_LOCALES, type SiteLocale } from "../../../i18n/locales.js";
import { controlAttributes, FormError, Select, Field as SharedField } from "../../../views/fields.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import { type HomeLayout, type SiteSettings, TIME_ZONES } from "../settings.js";

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
  "primaryMenu",
  "footerMenu",
  "homeLayout",
  "socialLinks",
] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

/** Each field's label and the rule it must follow, shown under the field and in an error about it. */
const MENU_RULE =
  'One link a line, "Label | /path/" or "Label | https://…": a section (/category/x/), page (/about/), tag (/tag/x/) or any URL; at most 30.';

export const SETTING_FIELDS: Record<EditableSetting, { label: string; rule: string }> = {
  primaryMenu: { label: "Header menu", rule: `${MENU_RULE} Empty: every category.` },
  footerMenu: { label: "Footer menu", rule: MENU_RULE },
  homeLayout: { label: "Front page layout", rule: "One of the choices offered." },
  socialLinks: {
    label: "Social links",
    rule: "The newsroom's profiles, linked from the footer: one https:// address a line, at most ten.",
  },
  title: { label: "Site title", rule: "1 to 120 characters, not only spaces." },
  description: { label: "Description", rule: "At most 500 characters; shown under the title." },
  logoUrl: {
    label: "Logo",
    rule: "An image from the media library (/media/…); empty shows the title as text.",
  },
  language: {
    label: "Language of the public pages",
    rule: "One of the languages offered; a regional variant also writes dates and numbers the region's way.",
  },
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

function NumberField(props: { name: EditableSetting; value: string; problem: Problem }) {
  const [min, max] = NUMBER_LIMITS[props.name] ?? [0, Number.MAX_SAFE_INTEGER];
  return (
    <Field name={props.name} problem={props.problem}>
      <input
        type="number"
        {...described(props.name, props.problem)}
        required
        min={min}
        max={max}
        value={props.value}
      />
    </Field>
  );
}

export type SettingsFormValues = Record<EditableSetting, string>;

export const formValuesOf = (settings: SiteSettings): SettingsFormValues =>
  Object.fromEntries(EDITABLE_SETTINGS.map((key) => [key, String(settings[key])])) as SettingsFormValues;

const LANGUAGE_CHOICES: [SiteLocale, string][] = SITE_LOCALES.map((locale) => [
  locale,
  `${localeName(locale)} (${locale})`,
]);
const COMMENT_POLICIES: [SiteSettings["commentPolicy"], string][] = [
  ["hold-first-time", "Hold a reader's first comment for review, then publish theirs at once"],
  ["hold-all", "Hold every comment for review"],
  ["publish", "Publish every comment at once"],
];
const FEED_CONTENTS: [SiteSettings["feedContent"], string][] = [
  ["full", "The full text of each article"],
  ["excerpt", "Only the standfirst, with a link to the article"],
];
const HOME_LAYOUT_CHOICES: [HomeLayout, string][] = [
  ["lead", "Lead story: a large lead, a row of top stories, then the sections"],
  ["digest", "Digest: the lead beside a list of headlines, then the sections as headline lists"],
  ["grid", "Grid: every story as an even card, sections and latest alike"],
];
const COMMENT_AUDIENCES: [SiteSettings["commentsOpenTo"], string][] = [
  ["anyone", "Anyone"],
  ["readers", "Signed-in readers only"],
  ["nobody", "Nobody (comments closed)"],
];

type Problem = FormProblem | undefined;

/** A labelled control whose id is the setting's name, with its rule as the hint. */
function Field(props: { name: EditableSetting; problem: Problem; children?: Child }) {
  const { label, rule } = SETTING_FIELDS[props.name];
  return (
    <SharedField name={props.name} label={label} hint={rule} problem={props.problem}>
      {props.children}
    </SharedField>
  );
}

const described = (name: EditableSetting, problem: Problem) =>
  controlAttributes(name, problem, SETTING_FIELDS[name].rule);

/** A choice among a setting's values, labelled and explained as in SETTING_FIELDS. */
function Choice(props: {
  name: EditableSetting;
  value: string;
  choices: [string, string][];
  problem: Problem;
}) {
  const { label, rule } = SETTING_FIELDS[props.name];
  return <Select {...props} label={label} hint={rule} />;
}

/** A one-line text setting. */
function TextSetting(props: {
  name: EditableSetting;
  values: SettingsFormValues;
  problem: Problem;
  required?: boolean;
  maxlength?: number;
  list?: string;
  placeholder?: string;
}) {
  const { name, problem } = props;
  return (
    <Field name={name} problem={problem}>
      <input
        type="text"
        {...described(name, problem)}
        required={props.required}
        maxlength={props.maxlength}
        list={props.list}
        value={props.values[name]}
        placeholder={props.placeholder}
      />
    </Field>
  );
}

/** A setting of several lines. */
function TextAreaSetting(props: {
  name: EditableSetting;
  values: SettingsFormValues;
  problem: Problem;
  maxlength: number;
}) {
  const { name, problem } = props;
  return (
    <Field name={name} problem={problem}>
      <textarea {...described(name, problem)} maxlength={props.maxlength}>
        {props.values[name]}
      </textarea>
    </Field>
  );
}

/** Number settings in a row of the form, each with its own field. */
function NumberFields(props: { names: EditableSetting[]; values: SettingsFormValues; problem: Problem }) {
  return (
    <>
      {props.names.map((name) => (
        <NumberField name={name} value={props.values[name]} problem={props.problem} />
      ))}
    </>
  );
}

export function SettingsPage(props: { view: AdminView; values: SettingsFormValues; problem?: FormProblem }) {
  const { values, problem } = props;
  return (
    <AdminLayout view={props.view} title="Site settings">
      <form class="stacked" method="post" action="/admin/settings/">
        <CsrfField view={props.view} />
        <FormError problem={problem} />
        <TextSetting name="title" values={values} problem={problem} required maxlength={120} />
        <TextSetting name="description" values={values} problem={problem} maxlength={500} />
        <TextSetting
          name="logoUrl"
          values={values}
          problem={problem}
          maxlength={500}
          placeholder="/media/…"
        />
        {values.logoUrl ? <img src={values.logoUrl} alt="Logo preview" height="64" /> : null}
        <Choice problem={problem} name="language" value={values.language} choices={LANGUAGE_CHOICES} />
        <TextSetting name="timeZone" values={values} problem={problem} required list="time-zones" />
        <datalist id="time-zones">
          {TIME_ZONES.map((zone) => (
            <option value={zone} />
          ))}
        </datalist>
        <NumberField problem={problem} name="postsPerPage" value={values.postsPerPage} />
        <Choice problem={problem} name="feedContent" value={values.feedContent} choices={FEED_CONTENTS} />
        <TextAreaSetting name="donationAppeal" values={values} problem={problem} maxlength={2000} />
        <TextAreaSetting name="readerAppeal" values={values} problem={problem} maxlength={4000} />
        <fieldset>
          <legend>Donations</legend>
          <TextSetting name="donationCurrencies" values={values} problem={problem} required maxlength={79} />
          <TextSetting name="donationPresets" values={values} problem={problem} required maxlength={60} />
          <NumberField problem={problem} name="donationMaximum" value={values.donationMaximum} />
        </fieldset>
        <Choice
          problem={problem}
          name="commentPolicy"
          value={values.commentPolicy}
          choices={COMMENT_POLICIES}
        />
        <Choice
          problem={problem}
          name="commentsOpenTo"
          value={values.commentsOpenTo}
          choices={COMMENT_AUDIENCES}
        />
        <TextAreaSetting name="primaryMenu" values={values} problem={problem} maxlength={4000} />
        <TextAreaSetting name="footerMenu" values={values} problem={problem} maxlength={4000} />
        <Choice problem={problem} name="homeLayout" value={values.homeLayout} choices={HOME_LAYOUT_CHOICES} />
        <TextAreaSetting name="socialLinks" values={values} problem={problem} maxlength={2000} />
        <p>
          <a href="/admin/settings/design/">Design</a>: accent colour, fonts, light or dark, icon and social
          image.
        </p>
        <p>
          <a href="/admin/settings/redirects/">Redirects</a>: old addresses that lead to new ones.
        </p>
        {props.view.staff?.role === "owner" ? (
          <p>
            <a href="/admin/settings/export/">Export everything</a>: one archive of the whole site, to keep or
            to move it.
          </p>
        ) : null}
        <TextAreaSetting name="bannedWords" values={values} problem={problem} maxlength={20000} />
        <NumberFields
          names={["commentFlagThreshold", "commentLimitPerMinutePerIp", "commentLimitPerMinutePerReader"]}
          values={values}
          problem={problem}
        />
        <fieldset>
          <legend>Uploads and reader votes</legend>
          <NumberFields
            names={[
              "uploadMaxBytes",
              "voteLimitPerMinutePerIp",
              "voteLimitPerMinutePerReader",
              "voteNetworkLimitPerHour",
            ]}
            values={values}
            problem={problem}
          />
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
    </AdminLayout>
  );
}
