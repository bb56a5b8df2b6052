import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { InjectOptions } from "fastify";

/**
 * What the contract test needs of an OpenAPI 3.0 document, and the requests it derives from it:
 * everything here is read from the document, so a new endpoint is covered without a line of test.
 */
export interface JsonSchema {
  type?: string;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
}

export interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema; example?: unknown }> };
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  /** Statuses given only when another request races this one: documented, not provoked. */
  "x-race-only"?: string[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  security?: unknown[];
  components?: { securitySchemes?: Record<string, { type: string; in?: string; name?: string }> };
}

/** One request the contract test sends, and the statuses it may answer. */
export interface ContractCase {
  name: string;
  expect: readonly number[];
  request: InjectOptions;
}

export const METHODS = ["get", "put", "post", "delete", "patch"] as const;

export function operationsOf(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

/** The value a valid request sends: the parameter's `example`, or its `found` named example. */
export const validValue = (parameter: Parameter) => parameter.example ?? parameter.examples?.found?.value;

const jsonBodyOf = (operation: Operation) => operation.requestBody?.content["application/json"];

/** The path with its parameters filled: from `values` if given there, else from their examples. */
function urlFor(path: string, operation: Operation, values: Record<string, unknown> = {}): string {
  let url = path;
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "path") continue;
    const value = parameter.name in values ? values[parameter.name] : validValue(parameter);
    if (value === undefined) throw new Error(`${path}: path parameter ${parameter.name} has no example`);
    url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
  }
  return url;
}

/** The valid request: path parameters and required query parameters from their examples, the body's example. */
export function validRequest(path: string, method: string, operation: Operation): InjectOptions {
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "query" || !parameter.required) continue;
    const value = validValue(parameter);
    if (value === undefined)
      throw new Error(`${method} ${path}: query parameter ${parameter.name} has no example`);
    query[parameter.name] = String(value);
  }
  const body = jsonBodyOf(operation);
  if (body && body.example === undefined)
    throw new Error(`${method} ${path}: the request body has no example`);
  return {
    method: method.toUpperCase() as InjectOptions["method"],
    url: urlFor(path, operation),
    query,
    ...(body ? { payload: body.example as object } : {}),
  };
}

/** Values a URL parameter's schema must refuse: wrong form, out of range, repeated. */
function badUrlValues(parameter: Parameter): Array<string | string[]> {
  const schema = parameter.schema;
  const valid = String(validValue(parameter) ?? "1");
  const values: Array<string | string[]> = [];
  if (schema.type === "integer" || schema.type === "number") {
    values.push("abc", "0x10", "1e2", " 1", "", "9".repeat(400));
    if (schema.type === "integer") values.push("1.5");
    if (schema.minimum !== undefined) values.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined) values.push(String(schema.maximum + 1));
  }
  if (schema.type === "string") {
    if (schema.pattern && !new RegExp(schema.pattern).test("Not valid!")) values.push("Not valid!");
    if (schema.format === "date-time") values.push("yesterday");
    if (schema.enum) values.push("not-an-option");
    if ((schema.minLength ?? 0) > 0) values.push("");
  }
  // A parameter sent twice arrives as a list; the API must not pick one.
  if (parameter.in === "query" && values.length > 0) values.push([valid, valid]);
  return values;
}

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);

/** JSON values of every type: each typed body field is sent each one its schema refuses. */
const EVERY_TYPE: unknown[] = [null, true, false, 0, 1, -1, 1.5, "", "1", "x", [], [1], {}, { value: 1 }];

function badBodies(valid: Record<string, unknown>, schema: JsonSchema): Array<[string, string]> {
  const bodies: Array<[string, string]> = [
    ["malformed JSON", "{"],
    ["null body", "null"],
    ["array body", JSON.stringify([valid])],
  ];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const refuses = ajv.compile(property);
    for (const value of EVERY_TYPE.filter((candidate) => !refuses(candidate)))
      bodies.push([`${name}=${JSON.stringify(value)}`, JSON.stringify({ ...valid, [name]: value })]);
    if (schema.required?.includes(name)) {
      const { [name]: _left, ...without } = valid;
      bodies.push([`without ${name}`, JSON.stringify(without)]);
    }
  }
  if (schema.additionalProperties === false)
    bodies.push(["an unknown field", JSON.stringify({ ...valid, unknownField: 1 })]);
  return bodies;
}

/** Requests that must answer 400: every bad value of every parameter and body field, one at a time. */
export function badRequestCases(valid: InjectOptions, operation: Operation, path: string): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "query" && parameter.in !== "path") continue;
    for (const value of badUrlValues(parameter)) {
      const request =
        parameter.in === "query"
          ? { ...valid, query: { ...(valid.query as object), [parameter.name]: value } }
          : { ...valid, url: urlFor(path, operation, { [parameter.name]: value }) };
      cases.push({ name: `${parameter.name}=${JSON.stringify(value)}`, expect: [400], request });
    }
    if (parameter.in === "query" && parameter.required) {
      const { [parameter.name]: _left, ...query } = valid.query as Record<string, string>;
      cases.push({ name: `without ${parameter.name}`, expect: [400], request: { ...valid, query } });
    }
  }
  const body = jsonBodyOf(operation);
  if (body)
    for (const [name, payload] of badBodies(valid.payload as Record<string, unknown>, body.schema))
      cases.push({
        name: `body ${name}`,
        expect: [400],
        request: { ...valid, payload, headers: { ...valid.headers, "content-type": "application/json" } },
      });
  return cases;
}

/** Requests that must answer 404: each parameter set, in turn, to its `missing` named example. */
export function notFoundCases(valid: InjectOptions, operation: Operation, path: string): ContractCase[] {
  return (operation.parameters ?? []).flatMap((parameter) => {
    const missing = parameter.examples?.missing?.value;
    if (missing === undefined) return [];
    const request =
      parameter.in === "path"
        ? { ...valid, url: urlFor(path, operation, { [parameter.name]: missing }) }
        : { ...valid, query: { ...(valid.query as object), [parameter.name]: String(missing) } };
    return [{ name: `${parameter.name}=${String(missing)}`, expect: [404], request }];
  });
}

/** Requests every body-taking, state-changing operation must refuse the same way. */
export function bodyAndOriginCases(valid: InjectOptions, operation: Operation): ContractCase[] {
  const cases: ContractCase[] = [];
  if (valid.method !== "GET")
    cases.push({
      name: "sent from another site",
      expect: [403],
      request: { ...valid, headers: { ...valid.headers, "sec-fetch-site": "cross-site" } },
    });
  if (jsonBodyOf(operation)) {
    cases.push({
      name: "a body over the limit",
      expect: [413],
      request: {
        ...valid,
        payload: JSON.stringify({ padding: "x".repeat(1_100_000) }),
        headers: { ...valid.headers, "content-type": "application/json" },
      },
    });
    cases.push({
      name: "a body that is not JSON",
      expect: [415],
      request: {
        ...valid,
        payload: "<value>1</value>",
        headers: { ...valid.headers, "content-type": "application/xml" },
      },
    });
  }
  return cases;
}

/** Escapes one JSON Pointer segment (RFC 6901). */
const pointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Validates answers against the document's own response schemas, `$ref`s and all. */
export function responseValidator(document: OpenApiDocument) {
  const validator = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  addFormats.default(validator);
  validator.addSchema(document as object, "openapi.json");
  return (path: string, method: string, status: string, body: unknown): string | undefined => {
    const id = `openapi.json#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer("application/json")}/schema`;
    const validate = validator.getSchema(id);
    if (!validate) return `no JSON schema at ${id}`;
    return validate(body) ? undefined : validator.errorsText(validate.errors);
  };
}
