import type { FastifyRequest } from "fastify";
import { AppError, type Words } from "../core/errors.js";
import { wantsJson } from "./wants-json.js";

/** What went wrong with a submitted form, and the field it is about (none: the form as a whole). */
export interface FormProblem {
  /** The error's stable code (BAD_REQUEST for a schema failure). */
  code: string;
  message: string;
  status: number;
  field?: string;
  /** The message in the site's language's catalog, when the error has one (`i18n.say(problem)`). */
  words?: Words;
}

/** A field's name on the form and the rule it must follow, to explain a schema failure in the form's words. */
export type FieldRules = Record<string, { label: string; rule: string }>;

/** What the person typed, by field name, to put back in the form. Only strings: nothing else was typed. */
export type TypedValues = Record<string, string | undefined>;

export interface FormSubmission<Result> {
  /** The change itself; runs only when the body passed its schema. */
  run: () => Promise<Result>;
  /** The answer when the change is done, usually a 303 redirect. */
  done: (result: Result) => unknown;
  /** The form again, filled with what was typed, with the problem beside its field. */
  show: (problem: FormProblem, typed: TypedValues) => unknown;
  /** Labels and rules for the fields, so a schema failure names the field as the form does. */
  rules?: FieldRules;
  /** Which coded errors show the form again; by default the ones retyping can fix (fixableProblem). */
  keepsInput?: (error: AppError) => boolean;
}

/**
 * The one way a form route answers: a schema failure or a mistake the person can fix (a 4xx from the
 * service) re-renders the form with their input kept and the error beside the field; a client that
 * wants JSON gets the error as JSON instead (the error handler sends it). Routes using this set
 * `attachValidation: true` so a schema failure reaches the handler with the typed input.
 */
export async function submitForm<Result>(request: FastifyRequest, form: FormSubmission<Result>) {
  const invalid = request.validationError;
  if (invalid) {
    if (wantsJson(request)) throw invalid;
    return form.show(schemaProblem(invalid, form.rules), typedValues(request.body));
  }
  let result: Result;
  try {
    result = await form.run();
  } catch (error) {
    const problem = form.keepsInput ? keptProblem(error, form.keepsInput) : fixableProblem(error);
    if (!problem || wantsJson(request)) throw error;
    return form.show(problem, typedValues(request.body));
  }
  return form.done(result);
}

/**
 * A mistake the person can fix by changing what they typed: a coded 4xx. Not a 401, 403 or 404,
 * which no retyping fixes, and never a 5xx.
 */
export const fixableProblem = (error: unknown): FormProblem | undefined =>
  keptProblem(error, (coded) => ![401, 403, 404].includes(coded.status));

function keptProblem(error: unknown, keepsInput: (error: AppError) => boolean): FormProblem | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || !keepsInput(error)) return;
  return {
    code: error.code,
    message: error.message,
    status: error.status,
    field: error.field,
    words: error.words,
  };
}

type ValidationError = NonNullable<FastifyRequest["validationError"]>;

/** A schema failure as the form would word it: "<label>: <rule>" for a field it knows. */
export function schemaProblem(error: ValidationError, rules: FieldRules = {}): FormProblem {
  const first = error.validation?.[0];
  const missing = (first?.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  const field = typeof missing === "string" ? missing : first?.instancePath.split("/")[1];
  const about = field ? rules[field] : undefined;
  const message = about ? `${about.label}: ${about.rule}` : `Check the form: ${error.message}`;
  return { code: "BAD_REQUEST", message, status: 400, field: field || undefined };
}

/** The strings in a form body (the first of repeated fields), without the CSRF token. */
export function typedValues(body: unknown): TypedValues {
  if (typeof body !== "object" || body === null) return {};
  const typed: TypedValues = {};
  for (const [name, value] of Object.entries(body)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (name !== "_csrf" && (typeof text === "string" || typeof text === "number"))
      typed[name] = String(text);
  }
  return typed;
}
