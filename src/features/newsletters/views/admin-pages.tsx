import type { FormProblem } from "../../../http/forms.js";
import { FormError, Select, TextField } from "../../../views/fields.js";
import { formatDateTime } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { NewsletterOverview } from "../newsletter.admin.service.js";
import { SECTIONS_FIELD } from "../newsletter.js";
import type { SuppressionReason } from "../newsletter.table.js";

/** The new-newsletter form's fields, as typed. */
export type NewsletterFormValues = Record<
  | "slug"
  | "name"
  | "description"
  | "senderName"
  | "senderEmail"
  | "replyTo"
  | "cadence"
  | "sendTime"
  | "sendWeekday",
  string
>;

export const emptyNewsletterForm: NewsletterFormValues = {
  slug: "",
  name: "",
  description: "",
  senderName: "",
  senderEmail: "",
  replyTo: "",
  cadence: "each-story",
  sendTime: "07:00",
  sendWeekday: "1",
};

const CADENCES = [
  ["each-story", "Each story, as it is published"],
  ["daily", "Daily digest"],
  ["weekly", "Weekly digest"],
  ["manual", "Hand-sent only"],
] as const;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].map(
  (day, index) => [String(index), day] as const,
);

/** Tick the sections whose stories feed the newsletter; none ticked means all of them. */
function SectionChoice(props: {
  sections: readonly { id: number; name: string }[];
  chosen: readonly number[];
  problem?: FormProblem | undefined;
}) {
  const wrong = props.problem?.field === SECTIONS_FIELD;
  return (
    <fieldset class={wrong ? "field field-invalid" : "field"} id={SECTIONS_FIELD}>
      <legend>Sections that feed it</legend>
      {props.sections.map((section) => (
        <label class="choice">
          <input
            type="checkbox"
            name={SECTIONS_FIELD}
            value={section.id}
            checked={props.chosen.includes(section.id)}
          />{" "}
          {section.name}
        </label>
      ))}
      <small class="hint">None ticked: stories of every section.</small>
      {wrong ? <small class="field-error">{props.problem?.message}</small> : null}
    </fieldset>
  );
}

export function NewslettersAdminPage(props: {
  view: AdminView;
  overview: NewsletterOverview[];
  sections: readonly { id: number; name: string }[];
  chosenSections: readonly number[];
  timeZone: string;
  form: NewsletterFormValues;
  problem?: FormProblem | undefined;
}) {
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
  const { form, problem } = props;
  return (
    <AdminLayout view={props.view} title="Newsletters">
      <p>
        <a href="/admin/newsletters/suppressed/">Suppression list</a>
      </p>
      {props.overview.map(({ newsletter, subscribers, issues }) => (
        <section class="newsletter-admin">
          <h2>{newsletter.name}</h2>
          <p>
            {subscribers} active subscribers · {CADENCES.find(([value]) => value === newsletter.cadence)?.[1]}
            {" · "}
            {newsletter.sectionIds.length === 0
              ? "every section"
              : props.sections
                  .filter((section) => newsletter.sectionIds.includes(section.id))
                  .map((section) => section.name)
                  .join(", ")}
          </p>
          <p>
            <a href={`/admin/newsletters/${newsletter.id}/import`}>Import subscribers</a> ·{" "}
            <a href={`/admin/newsletters/${newsletter.id}/subscribers.csv`}>Export subscribers (CSV)</a>
          </p>
          <form method="post" action={`/admin/newsletters/${newsletter.id}/send`} class="inline-form">
            <CsrfField view={props.view} />
            <label>
              Send a published article now (its address):{" "}
              <input type="text" name="slug" required maxlength="200" placeholder="article-slug" />
            </label>{" "}
            <button type="submit">Queue it</button>
          </form>
          {issues.length === 0 ? (
            <p>No issues yet.</p>
          ) : (
            <table class="list">
              <thead>
                <tr>
                  <th>Issue</th>
                  <th>Made</th>
                  <th>Recipients</th>
                  <th>Queued</th>
                  <th>Sent</th>
                  <th>Failed</th>
                  <th>Bounced</th>
                  <th>Unsubscribed</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((issue) => (
                  <tr>
                    <td>{issue.subject}</td>
                    <td>{when(issue.createdAt)}</td>
                    <td>{issue.figures.recipients}</td>
                    <td>{issue.figures.queued}</td>
                    <td>{issue.figures.sent}</td>
                    <td>{issue.figures.failed}</td>
                    <td>{issue.figures.bounced}</td>
                    <td>{issue.figures.unsubscribed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <h2>New newsletter</h2>
      <form method="post" action="/admin/newsletters/" class="admin-form">
        <CsrfField view={props.view} />
        <FormError problem={problem} />
        <TextField name="name" label="Name" value={form.name} problem={problem} required maxlength={120} />
        <TextField
          name="slug"
          label="Short name"
          hint="Lowercase letters, digits and hyphens; it names the list in List-Id."
          value={form.slug}
          problem={problem}
          required
          maxlength={80}
        />
        <TextField
          name="description"
          label="Description"
          value={form.description}
          problem={problem}
          maxlength={1000}
        />
        <TextField name="senderName" label="Sender name" value={form.senderName} problem={problem} required />
        <TextField
          name="senderEmail"
          label="Sender address"
          type="email"
          value={form.senderEmail}
          problem={problem}
          required
        />
        <TextField
          name="replyTo"
          label="Reply-to address"
          type="email"
          value={form.replyTo}
          problem={problem}
          required
        />
        <Select name="cadence" label="Sent" value={form.cadence} choices={CADENCES} problem={problem} />
        <TextField
          name="sendTime"
          label="Digest time"
          hint={`Local time in ${props.timeZone}, HH:MM`}
          value={form.sendTime}
          problem={problem}
          pattern="[0-2][0-9]:[0-5][0-9]"
        />
        <Select
          name="sendWeekday"
          label="Weekly digest day"
          value={form.sendWeekday}
          choices={WEEKDAYS}
          problem={problem}
        />
        <SectionChoice sections={props.sections} chosen={props.chosenSections} problem={problem} />
        <button type="submit">Add newsletter</button>
      </form>
    </AdminLayout>
  );
}

export function SuppressionsPage(props: {
  view: AdminView;
  timeZone: string;
  rows: Array<{ email: string; reason: SuppressionReason; detail: string; created_at: number }>;
}) {
  return (
    <AdminLayout view={props.view} title="Suppression list">
      <p>These addresses get no newsletter. No import or sign-up form overrides a bounce or complaint.</p>
      <table class="list">
        <thead>
          <tr>
            <th>Address</th>
            <th>Why</th>
            <th>Details</th>
            <th>Since</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td>{row.email}</td>
              <td>{row.reason}</td>
              <td>{row.detail}</td>
              <td>{formatDateTime(row.created_at, "en-GB", props.timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}
