import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { it } from "node:test";
import { pathToFileURL } from "node:url";
import type { CastVote } from "../../src/features/votes/vote.service.js";
import type * as WriterModule from "../../src/features/votes/vote.writer.js";
import type * as MigrationsModule from "../../src/storage/migrations/index.js";
import type * as StorageModule from "../../src/storage/storage.js";
import { makeArticle } from "../helpers/factories.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Compiles src as `npm ci` does, into a folder inside the project (so its imports find node_modules),
 * and loads modules from there: the vote writer then starts its thread from the compiled
 * vote.writer.thread.js, as in production, not through tsx.
 */
function buildOnce(t: { after(fn: () => void): void }) {
  const outDir = mkdtempSync(join(ROOT, ".built-test-"));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: ROOT,
    stdio: "pipe",
  });
  return <T>(path: string): Promise<T> => import(pathToFileURL(join(outDir, path)).href);
}

it("the compiled vote writer (the production entry, no tsx) commits votes exactly through its thread", async (t) => {
  const load = buildOnce(t);
  const { VoteWriter } = await load<typeof WriterModule>("features/votes/vote.writer.js");
  const { openStorage } = await load<typeof StorageModule>("storage/storage.js");
  const { migrateToLatest } = await load<typeof MigrationsModule>("storage/migrations/index.js");
  const dir = mkdtempSync(join(tmpdir(), "masthead-built-"));
  const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
  t.after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateToLatest(storage);
  const now = Date.UTC(2026, 10, 25, 12);
  const { id } = await makeArticle(storage.db, now);
  const writer = new VoteWriter(storage, "built secret");
  const ballot = (voterKey: string, value: CastVote["value"]): CastVote => ({
    articleId: id,
    voterKey,
    value,
    ipHash: `ip-${voterKey}`,
    networkHash: `net-${voterKey}`,
    freshVoter: false,
    now,
    limits: { networkPerHour: 1_000_000 },
  });
  try {
    const answers = await Promise.all([
      writer.submit(ballot("a", 1)),
      writer.submit(ballot("b", 1)),
      writer.submit(ballot("c", -1)),
    ]);
    assert.deepEqual(
      answers.map((answer) => answer.result),
      [
        { value: 1, status: "counted" },
        { value: 1, status: "counted" },
        { value: -1, status: "counted" },
      ],
    );
    assert.deepEqual((await writer.submit(ballot("c", 1))).counts, { up: 3, down: 0 });
  } finally {
    await writer.close();
  }
  const stored = await storage.db
    .selectFrom("vote_counters")
    .select(["up", "down"])
    .where("article_id", "=", id)
    .executeTakeFirst();
  assert.deepEqual(stored, { up: 3, down: 0 });
});
