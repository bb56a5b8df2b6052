import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import * as tar from "tar";
import {
  openTestStorage,
  testDatabaseUrl,
  testDialects,
  whileSchemasStill,
} from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { startLocalS3 } from "../../../test/helpers/s3.js";
import { type DatabaseTarget, loadConfig } from "../../config.js";
import { SITE_CHECKS } from "../../site-checks.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import { openMediaStore } from "../../storage/media-stores.js";
import { openStorage, type Storage } from "../../storage/storage.js";
import type { VoteValue } from "../votes/vote.table.js";
import { VoteWriter } from "../votes/vote.writer.js";
import { BackupRefused } from "./backup.errors.js";
import { createBackup, restoreBackup } from "./backup.service.js";

const NOW = Date.UTC(2026, 10, 25, 12);

function tempDir(t: TestContext, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The target a test storage stands for: its SQLite file, or the test server with its schema. */
function targetOf(storage: Storage): DatabaseTarget {
  if (storage.dialect === "sqlite") return { dialect: "sqlite", path: storage.file ?? "" };
  return { dialect: "postgres", url: testDatabaseUrl(storage) };
}

/** Opens the same database again (PostgreSQL: the same schema), as the CLI does after a restore. */
function reopenOf(storage: Storage, target: DatabaseTarget) {
  return () => openStorage(target, storage.schema ? { searchPath: storage.schema } : {});
}

for (const dialect of testDialects()) {
  describe(`backup and restore on ${dialect}`, () => {
    it("a backup taken during a vote storm restores consistent, with every vote acknowledged before it began", async (t) => {
      const test = await openTestStorage(dialect);
      let live = test.storage;
      t.after(async () => {
        await live.close().catch(() => {});
        await test.dispose().catch(() => {});
      });
      const target = targetOf(live);
      const mediaDir = tempDir(t, "masthead-media-");
      writeFileSync(join(mediaDir, "photo.jpg"), "not really a photo, but bytes to keep");
      const { id } = await makeArticle(live.db, NOW);
      const writer = new VoteWriter(live, "storm secret");
      const acknowledged: string[] = [];
      let storming = true;
      let sent = 0;
      const voter = async () => {
        while (storming) {
          const key = `storm-${sent++}`;
          await writer.submit({
            articleId: id,
            voterKey: key,
            value: (sent % 3 === 0 ? -1 : 1) as VoteValue,
            ipHash: key,
            networkHash: key,
            freshVoter: false,
            now: NOW,
            limits: { networkPerHour: 1_000_000 },
          });
          acknowledged.push(key);
        }
      };
      const voters = Array.from({ length: 8 }, voter);
      while (acknowledged.length < 200) await new Promise((resolve) => setImmediate(resolve));
      const before = new Set(acknowledged);
      const site = { storage: live, target, media: localMediaStore(mediaDir), checks: SITE_CHECKS };
      const backup = await createBackup(site, { to: tempDir(t, "masthead-backups-"), now: NOW });
      const duringBackup = acknowledged.length - before.size;
      storming = false;
      await Promise.all(voters);
      await writer.close();
      assert.ok(duringBackup > 0, "votes went on being acknowledged while the backup ran");
      assert.equal(backup.manifest.media.length, 1);

      // SQLite restores into a new file; PostgreSQL replaces its schema (the dump names it).
      const restoreTarget: DatabaseTarget =
        dialect === "sqlite"
          ? { dialect: "sqlite", path: join(tempDir(t, "masthead-restored-"), "site.db") }
          : target;
      const restoreStorage = dialect === "sqlite" ? openStorage(restoreTarget) : live;
      const restoredMedia = tempDir(t, "masthead-restored-media-");
      // On PostgreSQL the restore drops and rebuilds a schema: other test files must not read the catalog meanwhile.
      const result = await whileSchemasStill(dialect, () =>
        restoreBackup(
          {
            storage: restoreStorage,
            target: restoreTarget,
            media: localMediaStore(restoredMedia),
            checks: SITE_CHECKS,
          },
          { file: backup.file, force: true, reopen: reopenOf(live, restoreTarget) },
        ),
      );
      const restored = result.storage;
      if (dialect === "postgres") live = restored;
      t.after(() => restored.close().catch(() => {}));
      assert.deepEqual(result.differences, []);
      assert.deepEqual(result.problems, [], "every counter equals its rows in the restored copy");
      const keys = new Set(
        (
          await restored.db.selectFrom("votes").select("voter_key").where("article_id", "=", id).execute()
        ).map((row) => row.voter_key),
      );
      const missing = [...before].filter((key) => !keys.has(key));
      assert.deepEqual(missing, [], "every vote acknowledged before the backup started is in it");
      assert.equal(keys.size, backup.manifest.figures.votes?.rows);
      assert.equal(
        await readFile(join(restoredMedia, "photo.jpg"), "utf8"),
        "not really a photo, but bytes to keep",
      );
    });

    it("refuses, changing nothing, a site with content (without --force), a damaged part, a newer schema and a file that is no backup", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const target = targetOf(test.storage);
      const mediaDir = tempDir(t, "masthead-media-");
      await makeArticle(test.storage.db, NOW);
      const site = { storage: test.storage, target, media: localMediaStore(mediaDir), checks: SITE_CHECKS };
      const work = tempDir(t, "masthead-backups-");
      const { file, manifest } = await createBackup(site, { to: join(work, "site.tar.gz"), now: NOW });
      const restore = (backupFile: string, force = false) =>
        restoreBackup(site, { file: backupFile, force, reopen: reopenOf(test.storage, target) });

      await assert.rejects(restore(file), (error: Error) => {
        assert.ok(error instanceof BackupRefused);
        assert.match(error.message, /already holds content.*--force/);
        return true;
      });

      /** The backup unpacked, changed by `change`, and packed again. */
      const tampered = async (name: string, change: (dir: string) => Promise<void>) => {
        const dir = tempDir(t, "masthead-tamper-");
        await tar.extract({ file, cwd: dir });
        await change(dir);
        const out = join(work, name);
        await tar.create({ gzip: true, file: out, cwd: dir }, ["manifest.json", manifest.database.path]);
        return out;
      };
      const damaged = await tampered("damaged.tar.gz", (dir) =>
        writeFile(join(dir, manifest.database.path), "overwritten"),
      );
      await assert.rejects(restore(damaged, true), /is damaged: its SHA-256 differs/);
      const newer = await tampered("newer.tar.gz", async (dir) => {
        const changed = {
          ...manifest,
          migrations: [...manifest.migrations, "2999-01-01-01-from-the-future"],
        };
        await writeFile(join(dir, "manifest.json"), JSON.stringify(changed));
      });
      await assert.rejects(restore(newer, true), /newer version of Masthead.*2999-01-01-01-from-the-future/);
      const notBackup = join(work, "notes.tar.gz");
      writeFileSync(notBackup, "just some text");
      await assert.rejects(restore(notBackup, true), /not a readable backup archive/);

      const articles = await test.storage.db.selectFrom("articles").select("id").execute();
      assert.equal(articles.length, 1, "nothing was changed by the refused restores");
    });
  });
}

describe("backups of media on S3", () => {
  it("holds every file under the S3 prefix, and a restore puts them into another prefix", async (t) => {
    const s3 = await startLocalS3(t, "site-a");
    const mediaOf = async (prefix: string) => {
      const store = await openMediaStore(
        loadConfig({ ...s3.env, MEDIA_STORAGE: `s3://${s3.bucket}/${prefix}` }),
      );
      t.after(() => store.close());
      return store;
    };
    const original = await mediaOf("site-a");
    const elsewhere = await mediaOf("site-b-unrelated");
    await elsewhere.put("not-ours.jpg", Buffer.from("another site's"), "image/jpeg");
    await original.put("2026/11/photo-640.webp", Buffer.from("webp bytes"), "image/webp");
    await original.put("demo/quay.jpg", Buffer.from("jpeg bytes"), "image/jpeg");
    const test = await openTestStorage("sqlite");
    t.after(() => test.dispose());
    const site = {
      storage: test.storage,
      target: targetOf(test.storage),
      media: original,
      checks: SITE_CHECKS,
    };
    const backup = await createBackup(site, { to: tempDir(t, "masthead-backups-"), now: NOW });
    assert.deepEqual(
      backup.manifest.media.map((part) => part.path),
      ["media/2026/11/photo-640.webp", "media/demo/quay.jpg"],
      "the prefix's files, and no other prefix's",
    );

    const restoredTarget: DatabaseTarget = {
      dialect: "sqlite",
      path: join(tempDir(t, "masthead-restored-"), "site.db"),
    };
    const restoredMedia = await mediaOf("site-b");
    const result = await restoreBackup(
      {
        storage: openStorage(restoredTarget),
        target: restoredTarget,
        media: restoredMedia,
        checks: SITE_CHECKS,
      },
      { file: backup.file, force: false, reopen: () => openStorage(restoredTarget) },
    );
    t.after(() => result.storage.close());
    const keys: string[] = [];
    for await (const key of restoredMedia.keys()) keys.push(key);
    assert.deepEqual(keys, ["2026/11/photo-640.webp", "demo/quay.jpg"]);
    const file = await restoredMedia.get("demo/quay.jpg");
    assert.ok(file);
    assert.equal(Buffer.concat(await file.body.toArray()).toString(), "jpeg bytes");
  });
});
