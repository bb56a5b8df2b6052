import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { promisify } from "node:util";
import { servedOpenApiDocument } from "../../../test/helpers/openapi-document.js";

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
}

// The document does not depend on the database, so one dialect is enough here; the contract test
// checks the answers on both.
it("the served OpenAPI document passes Redocly's recommended ruleset with no error or warning", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "masthead-openapi-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(await servedOpenApiDocument(), null, 2));
  // Exit code 1 means "problems found": the report says which, so read it either way.
  const { stdout } = await promisify(execFile)(
    "node_modules/.bin/redocly",
    ["lint", "--config", "redocly.yaml", "--format", "json", file],
    { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const report: LintReport = JSON.parse(stdout);
  const problems = report.problems.map(
    (problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
});
