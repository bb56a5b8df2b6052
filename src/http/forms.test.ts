import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fastifyFormbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import Fastify from "fastify";
import { AppError, badRequest, notFound } from "../core/errors.js";
import { readerError } from "../i18n/reader-error.js";
import { registerErrorPages } from "./errors.js";
import { fixableProblem, submitForm, typedValues } from "./forms.js";

const Body = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 20 }),
  age: Type.String({ pattern: "^[0-9]+$" }),
});

/** One form route on a bare app; the service refuses the name "taken", and "missing" is a 404. */
async function formApp() {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fastifyFormbody);
  registerErrorPages(app, async () => {
    throw new Error("no chrome in this test");
  });
  const saved: string[] = [];
  app.post("/form", { schema: { body: Body }, attachValidation: true }, (request, reply) =>
    submitForm(request, {
      rules: { age: { label: "Age", rule: "Digits only." } },
      run: async () => {
        if (request.body.name === "taken") throw badRequest("That name is taken.").about("name");
        if (request.body.name === "missing") throw notFound("Thing");
        saved.push(request.body.name);
        return saved.length;
      },
      done: (count) => reply.redirect(`/done?count=${count}`, 303),
      show: (problem, typed) => reply.code(problem.status).send({ problem, typed }),
    }),
  );
  return { app, saved };
}

const post = (app: Awaited<ReturnType<typeof formApp>>["app"], form: Record<string, string>, json = false) =>
  app.inject({
    method: "POST",
    url: "/form",
    payload: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(json ? { accept: "application/json" } : {}),
    },
  });

describe("submitForm", () => {
  it("runs the change and answers with done when the body is valid", async () => {
    const { app, saved } = await formApp();
    const response = await post(app, { name: "Ada", age: "36" });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/done?count=1");
    assert.deepEqual(saved, ["Ada"]);
  });

  it("shows a schema failure in the form's words beside its field, keeping what was typed", async () => {
    const { app, saved } = await formApp();
    const response = await post(app, { name: "Ada", age: "thirty", _csrf: "secret" });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      problem: { code: "BAD_REQUEST", message: "Age: Digits only.", status: 400, field: "age" },
      typed: { name: "Ada", age: "thirty" },
    });
    assert.deepEqual(saved, []);
  });

  it("names a missing field, even one without a rule", async () => {
    const { app } = await formApp();
    const { problem } = (await post(app, { age: "3" })).json();
    assert.equal(problem.field, "name");
    assert.match(problem.message, /^Check the form: /);
  });

  it("shows a service's fixable error beside the field it names", async () => {
    const { app } = await formApp();
    const response = await post(app, { name: "taken", age: "3" });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().problem, {
      code: "BAD_REQUEST",
      message: "That name is taken.",
      status: 400,
      field: "name",
    });
    assert.deepEqual(response.json().typed, { name: "taken", age: "3" });
  });

  it("lets errors no retyping fixes through to the error handler", async () => {
    const { app } = await formApp();
    const response = await post(app, { name: "missing", age: "3" });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /^404 /, "the error page, not the form");
  });

  it("answers a client that wants JSON with the error as JSON, for schema and service errors", async () => {
    const { app } = await formApp();
    const invalid = await post(app, { name: "Ada", age: "x" }, true);
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, "BAD_REQUEST");
    const taken = await post(app, { name: "taken", age: "3" }, true);
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(taken.json(), { error: { code: "BAD_REQUEST", message: "That name is taken." } });
  });
});

describe("fixableProblem and typedValues", () => {
  it("takes coded 4xx errors other than 401, 403 and 404, and nothing else", () => {
    assert.deepEqual(fixableProblem(new AppError("SLUG_TAKEN", 409, "Taken.")), {
      code: "SLUG_TAKEN",
      message: "Taken.",
      status: 409,
      field: undefined,
      words: undefined,
    });
    const refused = readerError("BAD_REQUEST", 400, "problem.commentEmpty");
    assert.deepEqual(fixableProblem(refused)?.words, { key: "problem.commentEmpty", values: undefined });
    for (const status of [401, 403, 404, 500]) {
      assert.equal(fixableProblem(new AppError("X", status, "no")), undefined, String(status));
    }
    assert.equal(fixableProblem(new Error("plain")), undefined);
  });

  it("keeps strings and numbers, the first of repeated fields, and drops the CSRF token", () => {
    assert.deepEqual(typedValues({ a: "x", b: ["first", "second"], c: 3, d: { nested: 1 }, _csrf: "t" }), {
      a: "x",
      b: "first",
      c: "3",
    });
    assert.deepEqual(typedValues(undefined), {});
  });
});
