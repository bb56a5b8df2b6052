import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { findCounterDrift } from "../../src/features/votes/vote.repository.js";
import { openStorage } from "../../src/storage/storage.js";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `masthead start` and resolves once it prints that it is running. */
function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "start"], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Masthead is running")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

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
  const server = await startServer(env);
  t.after(() => server.kill("SIGKILL"));

  const home = await (await fetch(`${base}/`)).text();
  const slug = /<h2 class="card-title"><a href="\/([a-z0-9-]+)\/">/.exec(home)?.[1];
  assert.ok(slug);
  const api = `${base}/api/v1/articles/${slug}/votes`;
  // Forty readers, each with their own cookie, vote at once; the server dies as soon as all are answered.
  const cookies = await Promise.all(
    Array.from({ length: 40 }, async () => (await fetch(api)).headers.get("set-cookie")?.split(";")[0] ?? ""),
  );
  const answers = await Promise.all(
    cookies.map((cookie, i) =>
      fetch(api, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ value: i % 4 === 0 ? -1 : 1 }),
      }),
    ),
  );
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
  const again = await startServer(env);
  t.after(() => again.kill("SIGKILL"));
  const shown = (await (await fetch(api)).json()) as { total: number };
  const counted = rows.filter((row) => row.status === "counted").length;
  assert.equal(shown.total, counted);
  assert.ok(counted > 0);
});
