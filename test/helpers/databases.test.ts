import assert from "node:assert/strict";
import { it } from "node:test";
import { testDialects, testServerUrl } from "./databases.js";

/** Runs `check` with the environment changed as given, then puts it back. */
function withEnv(changes: Record<string, string | undefined>, check: () => void) {
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(changes);
  try {
    check();
  } finally {
    apply(saved);
  }
}

it("under CI, a missing test server URL fails loudly instead of dropping its suites", () => {
  withEnv({ CI: "true", TEST_POSTGRES_URL: undefined, TEST_REDIS_URL: undefined }, () => {
    assert.throws(() => testDialects(), /TEST_POSTGRES_URL is not set, and CI=true/);
    assert.throws(() => testServerUrl("TEST_REDIS_URL"), /TEST_REDIS_URL is not set, and CI=true/);
  });
  withEnv({ CI: undefined, TEST_POSTGRES_URL: undefined }, () => {
    assert.deepEqual(testDialects(), ["sqlite"], "locally the PostgreSQL suites may be left out");
  });
  withEnv({ CI: "true", TEST_POSTGRES_URL: "postgres://127.0.0.1/test" }, () => {
    assert.deepEqual(testDialects(), ["sqlite", "postgres"]);
  });
});
