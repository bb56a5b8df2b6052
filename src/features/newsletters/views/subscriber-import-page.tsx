import type { FormProblem } from "../../../http/forms.js";
import { controlAttributes, Field, FormError } from "../../../views/fields.js";
import { h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { Newsletter } from "../newsletter.js";
import { CONSENT_FIELD, CSV_FIELD, type ImportReport, MOST_IMPORTED_ROWS } from "../subscriber-import.js";

function ReportOf(props: { report: ImportReport }) {
  const { report } = props;
  return (
    <section class="import-report" aria-live="polite">
      <h2>{report.dryRun ? "Dry run: nothing was changed" : "Imported"}</h2>
      <ul>
        <li>
          {report.rows} rows read; {report.dryRun ? "would be subscribed" : "subscribed"}: {report.added}
        </li>
        <li>Already subscribed: {report.alreadySubscribed}</li>
        <li>Left out because they bounced, complained or unsubscribed: {report.suppressed}</li>
        <li>Repeated in the file: {report.duplicates}</li>
        <li>Not an e-mail address: {report.invalid}</li>
      </ul>
      {report.invalidExamples.length > 0 ? (
        <ul class="import-invalid">
          {report.invalidExamples.map((example) => (
            <li>
              Row {example.row}: "{example.value}"
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Subscribers from a CSV file's "email" column, with a dry run and the consent staff must confirm. */
export function SubscriberImportPage(props: {
  view: AdminView;
  newsletter: Newsletter;
  csv: string;
  consent: boolean;
  report?: ImportReport | undefined;
  problem?: FormProblem | undefined;
}) {
  const { newsletter, problem } = props;
  const csvHint = `Paste the file: a first line naming the columns, one of them "email"; at most ${MOST_IMPORTED_ROWS} rows.`;
  return (
    <AdminLayout view={props.view} title={`Import subscribers: ${newsletter.name}`}>
      <p>
        <a href="/admin/newsletters/">Newsletters</a> ·{" "}
        <a href={`/admin/newsletters/${newsletter.id}/subscribers.csv`}>Export its subscribers (CSV)</a>
      </p>
      {props.report ? <ReportOf report={props.report} /> : null}
      <form method="post" action={`/admin/newsletters/${newsletter.id}/import`} class="admin-form">
        <CsrfField view={props.view} />
        <FormError problem={problem} />
        <Field name={CSV_FIELD} label="Subscribers (CSV)" hint={csvHint} problem={problem}>
          <textarea {...controlAttributes(CSV_FIELD, problem, csvHint)} rows="12" required>
            {props.csv}
          </textarea>
        </Field>
        <Field name={CONSENT_FIELD} label="Consent" problem={problem}>
          <label>
            <input
              type="checkbox"
              {...controlAttributes(CONSENT_FIELD, problem)}
              value="yes"
              checked={props.consent}
            />{" "}
            Everyone in this file agreed to receive {newsletter.name} from us.
          </label>
        </Field>
        <p>
          Addresses that bounced, complained or unsubscribed are never subscribed again, whatever the file
          says.
        </p>
        <button type="submit" name="intent" value="dry-run">
          Dry run
        </button>{" "}
        <button type="submit" name="intent" value="import">
          Import
        </button>
      </form>
    </AdminLayout>
  );
}
