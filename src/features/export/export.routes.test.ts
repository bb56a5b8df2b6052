import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import * as tar from "tar";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { listAuditEntries } from "../audit/audit.repository.js";
import { parseExportManifest } from "./export.manifest.js";

async function unpackDownload(t: TestContext, body: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), "masthead-download-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "export.tar.gz"), body);
  await tar.extract({ file: join(dir, "export.tar.gz"), cwd: dir, strict: true });
  return dir;
}

for (const dialect of testDialects()) {
  describe(`Settings → Export on ${dialect}`, () => {
    it("streams the archive to owners only, and records each export in the activity log", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Harbour fire" });
      const owner = await signInAs(testApp, "owner", "Olga Owner");
      for (const role of ["editor", "administrator"] as const) {
        const other = await signInAs(testApp, role);
        const page = await other.request({ method: "GET", url: "/admin/settings/export/" });
        assert.equal(page.statusCode, 403, `${role} GET`);
        const post = await other.request({
          method: "POST",
          url: "/admin/settings/export/",
          form: { _csrf: other.csrf },
        });
        assert.equal(post.statusCode, 403, `${role} POST`);
        const settings = await other.request({ method: "GET", url: "/admin/settings/" });
        assert.ok(!settings.body.includes("/admin/settings/export/"), `${role} sees no export link`);
      }
      assert.match(
        (await owner.request({ method: "GET", url: "/admin/settings/" })).body,
        /href="\/admin\/settings\/export\/"/,
      );
      const page = await owner.request({ method: "GET", url: "/admin/settings/export/" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<button type="submit">Download export<\/button>/);

      const forged = await owner.request({ method: "POST", url: "/admin/settings/export/", form: {} });
      assert.equal(forged.statusCode, 403, "no CSRF token, no export");
      assert.equal((await listAuditEntries(testApp.storage.db, {}, 10)).length, 0);

      const download = await owner.request({
        method: "POST",
        url: "/admin/settings/export/",
        form: { _csrf: owner.csrf },
      });
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers["content-type"], "application/gzip");
      assert.match(
        String(download.headers["content-disposition"]),
        /^attachment; filename="masthead-export-2026-11-25T12-00-00Z\.tar\.gz"$/,
      );
      const dir = await unpackDownload(t, download.rawPayload);
      const manifest = parseExportManifest(await readFile(join(dir, "manifest.json"), "utf8"));
      assert.ok(typeof manifest !== "string", String(manifest));
      assert.equal(manifest.types.find((type) => type.name === "articles")?.rows, 1);
      const users = await readFile(join(dir, "data/users.jsonl"), "utf8");
      assert.match(users, /Olga Owner/);
      assert.ok(!users.includes("password_hash"));

      const [entry, ...others] = await listAuditEntries(testApp.storage.db, {}, 10);
      assert.equal(others.length, 0);
      assert.equal(entry?.actor, "Olga Owner");
      assert.equal(entry?.action, "POST /admin/settings/export/");
      assert.equal(entry?.details.after?.export, "masthead-export-2026-11-25T12-00-00Z.tar.gz");
    });
  });
}
