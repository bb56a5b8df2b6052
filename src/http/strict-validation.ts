import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler, RouteOptions } from "fastify";

/**
 * Fastify's default validator coerces types, so `{"value": null}` passes as 0 and `true`, `"1"`
 * or `[1]` as 1. A JSON API must refuse them: this validator never coerces a JSON body. Its one
 * conversion is for the URL, where every value is text: a query or path value declared a number
 * (or boolean) is converted only when it is written canonically ("12", "-3", "2.5", "true"), so
 * "0x10", "1e2", " 5", "" and repeated parameters stay text and fail their schema.
 */
function strictAjv(removeAdditional: boolean): Ajv {
  const instance = new Ajv({
    coerceTypes: false,
    useDefaults: true,
    removeAdditional,
    allErrors: false,
    // Documentation-only keywords that the OpenAPI generator reads.
    keywords: ["x-examples"],
  });
  addFormats.default(instance);
  return instance;
}
// Unknown body fields are refused (the schemas say additionalProperties: false); unknown query
// parameters are dropped, so a cache-busting `?_=…` does not break a GET.
const ajv = strictAjv(false);
const dropUnknown = strictAjv(true);

const CANONICAL: Record<string, RegExp> = {
  integer: /^-?(0|[1-9][0-9]*)$/,
  number: /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,16})?$/,
  boolean: /^(true|false)$/,
};

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema> };

/** Each property of a URL part's schema that is declared a number or boolean, with its type. */
function convertibleProperties(schema: JsonSchema): Array<[string, string]> {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    typeof property.type === "string" && property.type in CANONICAL ? [[name, property.type]] : [],
  );
}

/** The value `text` canonically spells, or undefined: a 400-digit "integer" is Infinity, not a number. */
function fromText(text: string, type: string): number | boolean | undefined {
  if (!CANONICAL[type]?.test(text)) return undefined;
  if (type === "boolean") return text === "true";
  const value = Number(text);
  return type === "integer" ? (Number.isSafeInteger(value) ? value : undefined) : value;
}

/** A validator for a query string or path parameters: canonical conversion, then strict checks. */
function urlPartValidator(validate: ValidateFunction): ValidateFunction {
  const convertible = convertibleProperties(validate.schema as JsonSchema);
  if (convertible.length === 0) return validate;
  const check = ((data: Record<string, unknown>) => {
    for (const [name, type] of convertible) {
      const text = data[name];
      const value = typeof text === "string" ? fromText(text, type) : undefined;
      if (value !== undefined) data[name] = value;
    }
    const valid = validate(data);
    check.errors = validate.errors;
    return valid;
  }) as ValidateFunction;
  return check;
}

/** Compiles once per route, at start, so a request pays only for the compiled check. */
export const strictValidatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  if (httpPart === "body") return ajv.compile(schema);
  return urlPartValidator((httpPart === "querystring" ? dropUnknown : ajv).compile(schema));
};

/**
 * Every route under `prefix` (the JSON API) validates strictly, including routes added later by
 * any feature. Form routes keep Fastify's coercion: a form posts only text.
 * MUST be called before the routes are added: Fastify reads the compiler as each route is defined.
 */
export function validateStrictlyUnder(app: FastifyInstance, prefix: string): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    if (route.url.startsWith(prefix) && !route.validatorCompiler)
      route.validatorCompiler = strictValidatorCompiler;
  });
}
