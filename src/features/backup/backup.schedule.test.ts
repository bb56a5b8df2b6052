import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { openTestStorage, testDatabaseUrl, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { ConfigError, loadConfig } from "../../config.js";
import { SITE_CHECKS } from "../../site-checks.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import { openStorage, type Storage } from "../../storage/storage.js";
import { runScheduledBackup } from "./backup.schedule.js";

const NOW = Date.UTC(2026, 10, 25, 3);
const MINUTE = 60_000;

function tempDir(t: TestContext, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A second instance's own connection to the same database. */
function secondInstance(t: TestContext, storage: Storage): Storage {
  const other =
    storage.dialect === "sqlite"
      ? openStorage({ dialect: "sqlite", path: storage.file ?? "" })
      : openStorage(
          { dialect: "postgres", url: testDatabaseUrl(storage) },
          { searchPath: storage.schema ?? "public" },
        );
  t.after(() => other.close());
  return other;
}

for (const dialect of testDialects()) {
  describe(`scheduled backups on ${dialect}`, () => {
    it("two instances firing for the same slot make one archive, and only the newest ones are kept", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      await makeArticle(test.storage.db, NOW);
      const dir = tempDir(t, "masthead-scheduled-");
      const mediaDir = tempDir(t, "masthead-media-");
      const target =
        dialect === "sqlite"
          ? { dialect: "sqlite" as const, path: test.storage.file ?? "" }
          : { dialect: "postgres" as const, url: testDatabaseUrl(test.storage) };
      const media = localMediaStore(mediaDir);
      const siteOn = (storage: Storage) => ({ storage, target, media, checks: SITE_CHECKS });
      const schedule = { cron: "0 3 * * *", dir, keep: 2 };
      const clock = () => NOW;
      const slot = new Date(NOW);
      const both = await Promise.all([
        runScheduledBackup(siteOn(test.storage), schedule, slot, clock),
        runScheduledBackup(siteOn(secondInstance(t, test.storage)), schedule, slot, clock),
      ]);
      assert.equal(both.filter((file) => file !== null).length, 1, "one instance took the slot");
      assert.equal(readdirSync(dir).length, 1);
      const run = await test.storage.db.selectFrom("backup_runs").selectAll().executeTakeFirstOrThrow();
      assert.equal(run.slot, slot.toISOString());
      assert.equal(
        run.file,
        both.find((file) => file !== null),
      );
      assert.equal(run.error, null);

      for (const minutes of [1, 2]) {
        await runScheduledBackup(siteOn(test.storage), schedule, new Date(NOW + minutes * MINUTE), clock);
      }
      assert.deepEqual(readdirSync(dir).sort(), [
        "masthead-backup-2026-11-25T03-01-00Z.tar.gz",
        "masthead-backup-2026-11-25T03-02-00Z.tar.gz",
      ]);
    });
  });
}

it("refuses a BACKUP_CRON that is no cron pattern, naming the setting", () => {
  assert.throws(
    () => loadConfig({ BACKUP_CRON: "every night" }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^Invalid setting BACKUP_CRON="every night"/);
      return true;
    },
  );
  assert.deepEqual(loadConfig({ BACKUP_CRON: "0 3 * * *", BACKUP_KEEP: "7" }).backupSchedule, {
    cron: "0 3 * * *",
    keep: 7,
  });
  assert.equal(loadConfig({}).backupSchedule, null);
});
