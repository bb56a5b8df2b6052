import type { FormProblem } from "../http/forms.js";
import { type Child, h } from "./jsx.js";

/** The attributes every form control needs: its id and name, its hint and error for screen readers. */
export function controlAttributes(name: string, problem?: FormProblem, hint?: string) {
  const wrong = problem?.field === name;
  const describedBy = [hint ? `${name}-hint` : "", wrong ? `${name}-error` : ""].filter(Boolean).join(" ");
  return {
    id: name,
    name,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": wrong ? "true" : undefined,
  };
}

/**
 * A labelled control with its hint, and the form's problem right beside it when the problem is about
 * this field. The control inside spreads `controlAttributes(name, problem, hint)`.
 */
export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  problem?: FormProblem | undefined;
  children?: Child;
}) {
  const wrong = props.problem?.field === props.name;
  return (
    <div class={wrong ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <small class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </small>
      ) : null}
      {wrong ? (
        <small class="field-error" id={`${props.name}-error`}>
          {props.problem?.message}
        </small>
      ) : null}
    </div>
  );
}

type InputAttributes = {
  type?: "text" | "email" | "number" | "url" | "date" | "password" | "search";
  required?: boolean;
  maxlength?: number;
  min?: number | string;
  max?: number | string;
  pattern?: string;
  autocomplete?: string;
};

/** A one-line input in a Field: `<TextField name="slug" label="Slug" value={values.slug} problem={problem} />`. */
export function TextField(
  props: InputAttributes & {
    name: string;
    label: string;
    value: string | number | undefined;
    hint?: string;
    problem?: FormProblem | undefined;
  },
) {
  const { name, label, hint, problem, value, type = "text", ...attributes } = props;
  return (
    <Field name={name} label={label} hint={hint} problem={problem}>
      <input type={type} {...controlAttributes(name, problem, hint)} {...attributes} value={value ?? ""} />
    </Field>
  );
}

/** A choice of a few values in a Field; `choices` are [value, text] pairs, the current one selected. */
export function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  choices: readonly (readonly [string, string])[];
  hint?: string;
  problem?: FormProblem | undefined;
}) {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} problem={props.problem}>
      <select {...controlAttributes(props.name, props.problem, props.hint)}>
        {props.choices.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The form's problem at its top, announced to screen readers; when it is about one field, a link to
 * that field (whose own message sits beside it). Nothing when there is no problem.
 */
export function FormError(props: { problem: FormProblem | string | undefined }) {
  const { problem } = props;
  if (!problem) return null;
  const message = typeof problem === "string" ? problem : problem.message;
  const field = typeof problem === "string" ? undefined : problem.field;
  return (
    <p class="notice notice-error" role="alert">
      {field ? <a href={`#${field}`}>{message}</a> : message}
    </p>
  );
}
