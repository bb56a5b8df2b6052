import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Type } from "@sinclair/typebox";
import { strictValidatorCompiler } from "./strict-validation.js";

const compile = (httpPart: string, schema: object) =>
  strictValidatorCompiler({ schema, httpPart, method: "GET", url: "/api/v1/x" }) as (
    data: unknown,
  ) => boolean;

describe("the strict validator", () => {
  it("takes JSON bodies exactly as typed", () => {
    const valid = compile(
      "body",
      Type.Object({ n: Type.Integer(), on: Type.Boolean() }, { additionalProperties: false }),
    );
    assert.equal(valid({ n: 1, on: true }), true);
    for (const n of [null, true, "1", [1], {}, 1.5])
      assert.equal(valid({ n, on: true }), false, JSON.stringify(n));
    for (const on of [null, 1, "true", [true]]) assert.equal(valid({ n: 1, on }), false, JSON.stringify(on));
    assert.equal(valid({ n: 1, on: true, extra: 1 }), false, "unknown body fields are refused");
  });

  it("reads URL numbers and booleans only when written canonically", () => {
    const schema = Type.Object(
      {
        count: Type.Optional(Type.Integer()),
        ratio: Type.Optional(Type.Number()),
        on: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    );
    const valid = compile("querystring", schema);
    const query: Record<string, unknown> = { count: "-12", ratio: "2.5", on: "false", utm: "x" };
    assert.equal(valid(query), true);
    assert.deepEqual(query, { count: -12, ratio: 2.5, on: false }, "converted; unknown parameters dropped");
    for (const [name, text] of [
      ["count", "0x10"],
      ["count", "1e2"],
      ["count", " 5"],
      ["count", ""],
      ["count", "012"],
      ["count", "9".repeat(400)],
      ["ratio", "1e3"],
      ["ratio", ".5"],
      ["ratio", "NaN"],
      ["on", "1"],
      ["on", "TRUE"],
    ])
      assert.equal(valid({ [name as string]: text }), false, `${name}=${text}`);
    assert.equal(valid({ count: ["1", "2"] }), false, "a repeated parameter is not one number");
  });

  it("checks path parameters strictly too", () => {
    const valid = compile("params", Type.Object({ id: Type.Integer({ minimum: 1 }) }));
    assert.equal(valid({ id: "42" }), true);
    assert.equal(valid({ id: "4.2" }), false);
    assert.equal(valid({ id: "0" }), false);
  });
});
