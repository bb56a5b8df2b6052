import assert from "node:assert/strict";
import { it } from "node:test";
import SQLite from "better-sqlite3";
import { buildTestApp } from "../../test/helpers/app.js";

it("answers 503 with Retry-After, not a frozen event loop or a 500, while another connection holds SQLite's write lock", async (t) => {
  const { app, storage } = await buildTestApp(t, "sqlite");
  assert.ok(storage.file);
  // Another process (a command-line import, say) in the middle of a long write transaction.
  const other = new SQLite(storage.file);
  other.exec("BEGIN IMMEDIATE");
  t.after(() => {
    if (other.inTransaction) other.exec("ROLLBACK");
    other.close();
  });
  const response = await app.inject({
    method: "POST",
    url: "/account/sign-in",
    payload: new URLSearchParams({ email: "reader@example.test", return_to: "/account/" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(response.statusCode, 503);
  assert.equal(response.headers["retry-after"], "1");
  assert.match(response.body, /busy saving other changes/);
  other.exec("ROLLBACK");
  const retried = await app.inject({
    method: "POST",
    url: "/account/sign-in",
    payload: new URLSearchParams({ email: "reader@example.test", return_to: "/account/" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(retried.statusCode, 303, "once the lock is released the same request goes through");
});
