import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findCounterDrift } from "../../src/features/votes/vote.repository.js";
import { openStorage } from "../../src/storage/storage.js";
import { firstArticleVotesApi, freePort, startServerProcess, voteAtOnce } from "../helpers/server-process.js";

test("an acknowledged vote survives kill -9 of the server right after the response", {
  timeout: 120_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "masthead-kill-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: `sqlite:${join(dir, "site.db")}`,
    MEDIA_DIR: join(dir, "media"),
    PORT: String(port),
  };
  const server = await startServerProcess(env);
  t.after(() => server.kill("SIGKILL"));

  const api = await firstArticleVotesApi(base);
  // Forty readers, each with their own cookie, vote at once; the server dies as soon as all are answered.
  const answers = await voteAtOnce(api, 40);
  server.kill("SIGKILL");
  await new Promise((resolve) => server.once("exit", resolve));
  const acknowledged = answers.filter((answer) => answer.status === 200).length;
  assert.equal(acknowledged, 40);

  const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
  t.after(() => storage.close());
  const rows = await storage.db.selectFrom("votes").select(["value", "status"]).execute();
  assert.equal(rows.length, acknowledged);
  assert.deepEqual(await findCounterDrift(storage.db), []);

  // And the restarted site shows them.
  const again = await startServerProcess(env);
  t.after(() => again.kill("SIGKILL"));
  const shown = (await (await fetch(api)).json()) as { total: number };
  const counted = rows.filter((row) => row.status === "counted").length;
  assert.equal(shown.total, counted);
  assert.ok(counted > 0);
});
