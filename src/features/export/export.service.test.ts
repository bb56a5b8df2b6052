import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import * as tar from "tar";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { addOneOfEverything } from "../../../test/helpers/site-records.js";
import { SITE_EXPORTS } from "../../site-exports.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import type { Dialect } from "../../storage/storage.js";
import { sha256OfFile } from "../backup/backup.archive.js";
import { mastheadVersion } from "../backup/backup.manifest.js";
import { seedDemoContent } from "../demo/demo-seed.js";
import { exportToFile } from "./export.command.js";
import { EXPORT_MANIFEST_FILE } from "./export.manifest.js";
import { type ExportSite, ImportRefused, importSite } from "./export.service.js";

const NOW = Date.UTC(2026, 10, 25, 12);

function tempDir(t: TestContext, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An empty, migrated site of its own: database and media folder. */
async function emptySite(t: TestContext, dialect: Dialect): Promise<ExportSite> {
  const test = await openTestStorage(dialect);
  t.after(() => test.dispose());
  const media = localMediaStore(tempDir(t, "masthead-media-"));
  return { storage: test.storage, media, parts: SITE_EXPORTS, version: mastheadVersion() };
}

async function unpack(t: TestContext, file: string): Promise<string> {
  const dir = tempDir(t, "masthead-unpacked-");
  await tar.extract({ file, cwd: dir, strict: true });
  return dir;
}

/** Unpacks an export, lets `change` edit its files, and packs it again with a manifest that matches. */
async function tampered(t: TestContext, file: string, change: (dir: string) => Promise<void>) {
  const dir = await unpack(t, file);
  await change(dir);
  const manifest = JSON.parse(await readFile(join(dir, EXPORT_MANIFEST_FILE), "utf8"));
  for (const part of manifest.types ?? []) part.sha256 = await sha256OfFile(join(dir, part.path));
  await writeFile(join(dir, EXPORT_MANIFEST_FILE), JSON.stringify(manifest));
  const out = join(tempDir(t, "masthead-tampered-"), "tampered.tar.gz");
  await tar.create({ gzip: true, file: out, cwd: dir }, ["."]);
  return out;
}

async function articleCount(site: ExportSite) {
  const row = await site.storage.db
    .selectFrom("articles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of testDialects()) {
  describe(`masthead export and import on ${dialect}`, () => {
    it("export → import into an empty site → export gives the same files, byte for byte", async (t) => {
      const original = await emptySite(t, dialect);
      await seedDemoContent(original.storage.db, { media: original.media, now: NOW });
      await addOneOfEverything(original.storage.db, NOW);
      const out = tempDir(t, "masthead-exports-");
      const first = await exportToFile(original, { to: join(out, "first.tar.gz"), now: NOW });

      const copy = await emptySite(t, dialect);
      const imported = await importSite(copy, { file: first.file });
      const second = await exportToFile(copy, { to: join(out, "second.tar.gz"), now: NOW + 1 });

      const empty = first.manifest.types.filter((type) => type.rows === 0).map((type) => type.name);
      assert.deepEqual(empty, [], "the test site has a record of every exported type");
      assert.ok(first.manifest.media.length > 0, "the demo's images are exported");
      assert.equal(
        imported.rows,
        first.manifest.types.reduce((sum, type) => sum + type.rows, 0),
      );
      assert.deepEqual(second.manifest.types, first.manifest.types);
      assert.deepEqual(second.manifest.media, first.manifest.media);
      // The manifest's hashes are checked against the unpacked files themselves, not taken on trust.
      const unpacked = await unpack(t, second.file);
      for (const part of [...first.manifest.types, ...first.manifest.media])
        assert.equal(await sha256OfFile(join(unpacked, part.path)), part.sha256, part.path);

      const users = await readFile(join(unpacked, "data/users.jsonl"), "utf8");
      assert.ok(users.includes("owner@example.test") && !users.includes("password_hash"));
      const votes = await readFile(join(unpacked, "data/votes.jsonl"), "utf8");
      assert.ok(votes.includes("anon:voter-1") && !votes.includes("never-exported"));
      assert.match(await readFile(join(unpacked, "data/vote_counters.jsonl"), "utf8"), /"legacy_up":40/);
      const settings = await readFile(join(unpacked, "data/settings.jsonl"), "utf8");
      assert.ok(!settings.includes("site_secret"));
      assert.ok(!(await readFile(join(unpacked, "data/comments.jsonl"), "utf8")).includes("never-exported"));

      // The copy works as a site: new rows get fresh ids, and search finds imported articles.
      const fresh = await copy.storage.db
        .insertInto("redirects")
        .values({ from_path: "/new", to_url: "/", created_at: NOW })
        .returning("id")
        .executeTakeFirstOrThrow();
      const highest = await copy.storage.db
        .selectFrom("redirects")
        .select("id")
        .orderBy("id", "desc")
        .limit(1)
        .offset(1)
        .executeTakeFirstOrThrow();
      assert.ok(fresh.id > highest.id);
      const indexed = await copy.storage.db.selectFrom("search_documents").select("article_id").execute();
      assert.equal(indexed.length, await articleCount(copy));
    });

    it("refuses a site that holds content, a newer format, and damaged files, writing nothing", async (t) => {
      const original = await emptySite(t, dialect);
      await seedDemoContent(original.storage.db, { media: original.media, now: NOW });
      await addOneOfEverything(original.storage.db, NOW);
      const { file } = await exportToFile(original, { to: tempDir(t, "masthead-exports-"), now: NOW });

      await assert.rejects(importSite(original, { file }), (error: Error) => {
        assert.ok(error instanceof ImportRefused);
        assert.match(
          error.message,
          /^The site already holds content \(\w+ \(\d+ rows\)\); import masthead only fills an empty site\.$/,
        );
        return true;
      });

      const target = await emptySite(t, dialect);
      const newer = await tampered(t, file, async (dir) => {
        const manifest = JSON.parse(await readFile(join(dir, EXPORT_MANIFEST_FILE), "utf8"));
        await writeFile(join(dir, EXPORT_MANIFEST_FILE), JSON.stringify({ ...manifest, version: 2 }));
      });
      await assert.rejects(
        importSite(target, { file: newer }),
        /format version 2; this Masthead reads up to version 1/,
      );

      // The last type repeats a row (the same id): every type before it was already written inside
      // the transaction, and must be gone.
      const dangling = await tampered(t, file, async (dir) => {
        const path = join(dir, "data/redirects.jsonl");
        const text = await readFile(path, "utf8");
        await writeFile(path, `${text}${text.split("\n")[0]}\n`);
        const manifest = JSON.parse(await readFile(join(dir, EXPORT_MANIFEST_FILE), "utf8"));
        for (const part of manifest.types) if (part.name === "redirects") part.rows += 1;
        await writeFile(join(dir, EXPORT_MANIFEST_FILE), JSON.stringify(manifest));
      });
      await assert.rejects(
        importSite(target, { file: dangling }),
        /data\/redirects\.jsonl: .*Nothing was imported\.$/,
      );
      assert.equal(await articleCount(target), 0);

      const broken = await tampered(t, file, async (dir) => {
        await writeFile(join(dir, "data/tags.jsonl"), "{not json\n");
      });
      await assert.rejects(importSite(target, { file: broken }), /data\/tags\.jsonl: line 1 is not JSON/);

      const notArchive = join(tempDir(t, "masthead-junk-"), "junk.tar.gz");
      await writeFile(notArchive, "hello");
      await assert.rejects(importSite(target, { file: notArchive }), /is not a readable export archive/);
      assert.equal(await articleCount(target), 0);
    });
  });
}
