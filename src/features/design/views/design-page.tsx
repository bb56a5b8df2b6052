import type { FieldRules, FormProblem } from "../../../http/forms.js";
import { controlAttributes, Field, FormError, Select, TextField } from "../../../views/fields.js";
import { h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { SiteSettings } from "../../settings/settings.js";
import { FONT_IDS, FONTS } from "../fonts.js";

/** The settings on Settings → Design that administrators change. */
export const DESIGN_SETTINGS = [
  "accentColor",
  "headingFont",
  "bodyFont",
  "colorScheme",
  "iconUrl",
  "socialImageUrl",
] as const;
/** The ones only the owner sees and changes: code that runs on every public page. */
export const OWNER_CODE_SETTINGS = ["customCss", "headCode", "footerCode"] as const;

export type DesignSetting = (typeof DESIGN_SETTINGS)[number] | (typeof OWNER_CODE_SETTINGS)[number];
export type DesignFormValues = Partial<Record<DesignSetting, string>>;

const MEDIA_RULE = "An image from the media library (/media/…)";

export const DESIGN_FIELDS: FieldRules & Record<DesignSetting, { label: string; rule: string }> = {
  accentColor: {
    label: "Accent colour",
    rule: "A colour as #rrggbb (such as #1a7f5a); empty keeps the house red. Links and buttons are darkened or lightened as needed to stay readable.",
  },
  headingFont: {
    label: "Heading font",
    rule: "Headlines, the site title and article text: one of the fonts offered.",
  },
  bodyFont: { label: "Body font", rule: "Menus, cards, forms and the rest: one of the fonts offered." },
  colorScheme: { label: "Colour scheme", rule: "One of the choices offered." },
  iconUrl: {
    label: "Icon",
    rule: `${MEDIA_RULE}, cropped to a square for the browser tab and phone home screens; empty keeps the shipped icon.`,
  },
  socialImageUrl: {
    label: "Default social image",
    rule: `${MEDIA_RULE}, shown when a shared page has no picture of its own; empty uses the logo.`,
  },
  customCss: {
    label: "Custom CSS",
    rule: "Added after the site's own styles on every public page. At most 50,000 characters.",
  },
  headCode: {
    label: "Header code",
    rule: "HTML placed at the end of <head> on every public page. At most 20,000 characters.",
  },
  footerCode: {
    label: "Footer code",
    rule: "HTML placed before </body> on every public page. At most 20,000 characters.",
  },
};

const FONT_CHOICES = FONT_IDS.map((id) => [id, FONTS[id].label] as const);
const SCHEME_CHOICES: [SiteSettings["colorScheme"], string][] = [
  ["auto", "Follow the reader's device (light or dark)"],
  ["light", "Always light"],
  ["dark", "Always dark"],
];

export const designValuesOf = (settings: SiteSettings, withOwnerCode: boolean): DesignFormValues =>
  Object.fromEntries(
    [...DESIGN_SETTINGS, ...(withOwnerCode ? OWNER_CODE_SETTINGS : [])].map((key) => [key, settings[key]]),
  );

type Problem = FormProblem | undefined;

function Choice(props: {
  name: DesignSetting;
  values: DesignFormValues;
  problem: Problem;
  choices: readonly (readonly [string, string])[];
}) {
  const { label, rule } = DESIGN_FIELDS[props.name];
  return (
    <Select
      name={props.name}
      label={label}
      hint={rule}
      value={props.values[props.name]}
      choices={props.choices}
      problem={props.problem}
    />
  );
}

function Text(props: {
  name: DesignSetting;
  values: DesignFormValues;
  problem: Problem;
  placeholder?: string;
}) {
  const { label, rule } = DESIGN_FIELDS[props.name];
  return (
    <TextField
      name={props.name}
      label={label}
      hint={rule}
      value={props.values[props.name]}
      problem={props.problem}
      maxlength={500}
    />
  );
}

function Code(props: { name: DesignSetting; values: DesignFormValues; problem: Problem; maxlength: number }) {
  const { name, problem } = props;
  const { label, rule } = DESIGN_FIELDS[name];
  return (
    <Field name={name} label={label} hint={rule} problem={problem}>
      <textarea
        {...controlAttributes(name, problem, rule)}
        class="code"
        rows="8"
        maxlength={props.maxlength}
        spellcheck="false"
      >
        {props.values[name] ?? ""}
      </textarea>
    </Field>
  );
}

export function DesignPage(props: { view: AdminView; values: DesignFormValues; problem?: FormProblem }) {
  const { values, problem, view } = props;
  const owner = view.staff?.role === "owner";
  return (
    <AdminLayout view={view} title="Design">
      <p>
        <a href="/admin/settings/">Site settings</a> · How the public pages look: colour, type, icon and the
        picture shared links show.
      </p>
      <form class="stacked" method="post" action="/admin/settings/design/">
        <CsrfField view={view} />
        <FormError problem={problem} />
        <Text name="accentColor" values={values} problem={problem} />
        <Choice name="headingFont" values={values} problem={problem} choices={FONT_CHOICES} />
        <Choice name="bodyFont" values={values} problem={problem} choices={FONT_CHOICES} />
        <Choice name="colorScheme" values={values} problem={problem} choices={SCHEME_CHOICES} />
        <Text name="iconUrl" values={values} problem={problem} />
        <Text name="socialImageUrl" values={values} problem={problem} />
        {owner ? (
          <fieldset>
            <legend>Owner only: custom CSS and code</legend>
            <p>
              This is trusted code: it runs on every public page as written, for every reader, and a mistake
              here can break the site or leak readers' data to whoever serves a script. Inline scripts and
              styles, and files from the hosts named here, are allowed by the pages' security policy;
              event-handler attributes (onclick=…) and style attributes are not.
            </p>
            <Code name="customCss" values={values} problem={problem} maxlength={50_000} />
            <Code name="headCode" values={values} problem={problem} maxlength={20_000} />
            <Code name="footerCode" values={values} problem={problem} maxlength={20_000} />
          </fieldset>
        ) : null}
        <button type="submit">Save design</button>
      </form>
    </AdminLayout>
  );
}
