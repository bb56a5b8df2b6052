import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";
import {
  badRequestCases,
  bodyAndOriginCases,
  type ContractCase,
  notFoundCases,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  responseValidator,
  validRequest,
} from "../../../test/helpers/openapi-contract.js";
import type { Db } from "../../storage/storage.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { createAuthor } from "../authors/author.repository.js";
import { createCategory } from "../taxonomy/taxonomy.repository.js";

/**
 * The newsroom the document's examples name (`found` examples): an endpoint whose example names
 * something else adds it here.
 */
async function seedExamples(db: Db, now: number) {
  const category = await createCategory(db, {
    slug: "water-rivers",
    name: "Water & Rivers",
    description: "Rivers, floods and the water supply.",
  });
  const author = await createAuthor(
    db,
    { slug: "maren-holt", name: "Maren Holt", bio: "Covers the council." },
    now,
  );
  await makeArticle(db, now, {
    title: "Council budget passes",
    standfirst: "The vote was close.",
    body: markdownToDoc("Councillors voted 12 to 11 for the river budget."),
    publishedAt: now - HOUR,
    categoryIds: [category.id],
    tagNames: ["River Vale"],
    authorIds: [author.id],
  });
}

/**
 * How the test obtains the credentials of each security scheme the document declares, as cookies.
 * A new scheme adds one entry here.
 */
const obtainCredentials: Record<string, (app: FastifyInstance, valid: InjectOptions) => Promise<string>> = {
  // The votes API issues the voter cookie on a GET of the same URL.
  voterCookie: async (app, valid) => {
    const issued = (await app.inject({ url: valid.url })).cookies.find(
      (cookie) => cookie.name === "masthead_voter",
    );
    assert.ok(issued, `GET ${valid.url} issues no voter cookie`);
    return issued.value;
  },
};

async function credentialsFor(
  app: FastifyInstance,
  document: OpenApiDocument,
  operation: Operation,
  valid: InjectOptions,
): Promise<Record<string, string> | undefined> {
  const requirement = operation.security?.[0];
  if (!requirement) return undefined;
  const cookies: Record<string, string> = {};
  for (const scheme of Object.keys(requirement)) {
    const declared = document.components?.securitySchemes?.[scheme];
    const obtain = obtainCredentials[scheme];
    assert.ok(declared?.in === "cookie" && declared.name, `scheme ${scheme} is not a declared cookie`);
    assert.ok(obtain, `the contract test does not know how to obtain ${scheme}: add it to obtainCredentials`);
    cookies[declared.name] = await obtain(app, valid);
  }
  return cookies;
}

/** The cookies with their signatures altered by one character. */
const tampered = (cookies: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(cookies).map(([name, value]) => [
      name,
      `${value.slice(0, -1)}${value.endsWith("A") ? "B" : "A"}`,
    ]),
  );

let clientNumber = 0;
/** Each request from its own address, so one case's rate limit never decides another's answer. */
const nextAddress = () => `198.51.${Math.floor(++clientNumber / 250) % 250}.${(clientNumber % 250) + 1}`;

for (const dialect of testDialects()) {
  describe(`the OpenAPI contract on ${dialect}`, () => {
    it("names, summarises and types every operation; errors share one body; reading needs no credentials", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const document = (await testApp.app.inject("/api/v1/openapi.json")).json();
      assert.deepEqual(document.security, [], "the API is public unless an operation says otherwise");
      const operations = operationsOf(document);
      assert.ok(operations.length >= 9);
      const ids = operations.map(({ operation }) => operation.operationId);
      assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
      for (const { path, method, operation } of operations) {
        const label = `${method.toUpperCase()} ${path}`;
        assert.match(operation.operationId ?? "", /^[a-z][A-Za-z]+$/, `${label}: operationId`);
        assert.ok(operation.summary, `${label}: summary`);
        for (const [status, response] of Object.entries(operation.responses)) {
          assert.notEqual(response.description, "Default Response", `${label} ${status}: description`);
          if (status.startsWith("4"))
            assert.deepEqual(
              response.content?.["application/json"]?.schema,
              { $ref: "#/components/schemas/ApiError" },
              `${label} ${status}: the shared error body`,
            );
        }
      }
    });

    it("answers every operation's valid and invalid requests exactly as documented, and every documented status is reachable", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await seedExamples(testApp.storage.db, testApp.now());
      const { app } = testApp;
      const document: OpenApiDocument = (await app.inject("/api/v1/openapi.json")).json();
      const check = responseValidator(document);

      for (const { path, method, operation } of operationsOf(document)) {
        await t.test(`${method.toUpperCase()} ${path}`, async () => {
          const seen = new Set<string>();
          const send = async (contractCase: ContractCase): Promise<LightMyRequestResponse> => {
            const label = `${method.toUpperCase()} ${path}, ${contractCase.name}`;
            const response = await app.inject({ remoteAddress: nextAddress(), ...contractCase.request });
            const status = String(response.statusCode);
            assert.ok(
              contractCase.expect.includes(response.statusCode),
              `${label}: expected ${contractCase.expect.join(" or ")}, got ${status} ${response.body.slice(0, 300)}`,
            );
            const documented = operation.responses[status];
            assert.ok(documented, `${label}: answered ${status}, which the document does not list`);
            seen.add(status);
            if (documented.content) {
              assert.match(String(response.headers["content-type"]), /^application\/json/, label);
              assert.equal(check(path, method, status, response.json()), undefined, `${label}: body`);
            } else assert.equal(response.body, "", `${label}: no body`);
            return response;
          };

          const anonymous = validRequest(path, method, operation);
          const cookies = await credentialsFor(app, document, operation, anonymous);
          const valid = cookies ? { ...anonymous, cookies } : anonymous;
          const success = Object.keys(operation.responses)
            .filter((status) => status.startsWith("2"))
            .map(Number);
          const answer = await send({ name: "a valid request", expect: success, request: valid });
          if (answer.headers.etag)
            await send({
              name: "its ETag in If-None-Match",
              expect: [304],
              request: {
                ...valid,
                headers: { ...valid.headers, "if-none-match": String(answer.headers.etag) },
              },
            });
          for (const contractCase of [
            ...badRequestCases(valid, operation, path),
            ...notFoundCases(valid, operation, path),
            ...bodyAndOriginCases(valid, operation),
          ])
            await send(contractCase);
          if (cookies) {
            await send({ name: "without credentials", expect: [401], request: anonymous });
            await send({
              name: "tampered credentials",
              expect: [400, 401],
              request: { ...anonymous, cookies: tampered(cookies) },
            });
          }
          if (operation.responses["429"]) {
            // The same client, again and again, until it is told to slow down.
            const again = { ...valid, remoteAddress: nextAddress() };
            let status = 200;
            for (let i = 0; i < 1000 && status < 300; i++) status = (await app.inject(again)).statusCode;
            await send({ name: "one request too many", expect: [429], request: again });
          }
          const raceOnly = operation["x-race-only"] ?? [];
          const unreached = Object.keys(operation.responses).filter(
            (status) => !seen.has(status) && !raceOnly.includes(status),
          );
          assert.deepEqual(
            unreached,
            [],
            `${method.toUpperCase()} ${path} documents statuses no request produced`,
          );
        });
      }
    });
  });
}
