import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { listAuditEntries, pruneAuditEntries } from "./audit.repository.js";

const DAY = 86_400_000;

const settingsForm = {
  title: "The River Courier",
  description: "News from the valley.",
  logoUrl: "",
  language: "en",
  timeZone: "Europe/Berlin",
  postsPerPage: "12",
  donationAppeal: "Chip in.",
  readerAppeal: "Tell us.",
  commentPolicy: "hold-first-time",
  commentsOpenTo: "anyone",
};

for (const dialect of testDialects()) {
  describe(`staff activity on ${dialect}`, () => {
    it("records who changed what, with before and after, and shows it to administrators only", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator", "Ada Admin");
      const editor = await signInAs(testApp, "editor", "Ed Editor");
      const { db } = testApp.storage;

      const saved = await admin.request({
        method: "POST",
        url: "/admin/settings/",
        form: { ...settingsForm, _csrf: admin.csrf },
        remoteAddress: "198.51.100.7",
      });
      assert.equal(saved.statusCode, 303);
      const category = await editor.request({
        method: "POST",
        url: "/admin/taxonomy/categories/",
        form: { name: "Harbour", slug: "", description: "x".repeat(1000), _csrf: editor.csrf },
      });
      assert.equal(category.statusCode, 303);
      // Refused and failed requests change nothing, and are not recorded.
      assert.equal(
        (
          await editor.request({
            method: "POST",
            url: "/admin/settings/",
            form: { ...settingsForm, _csrf: editor.csrf },
          })
        ).statusCode,
        403,
      );

      const [categoryEntry, settingsEntry, ...others] = await listAuditEntries(db, {}, 10);
      assert.equal(others.length, 0);
      assert.equal(settingsEntry?.actor, "Ada Admin");
      assert.equal(settingsEntry?.area, "settings");
      assert.equal(settingsEntry?.action, "POST /admin/settings/");
      assert.equal(settingsEntry?.details.before?.title, "Masthead");
      assert.equal(settingsEntry?.details.after?.title, "The River Courier");
      assert.equal(settingsEntry?.details.after?.timeZone, "Europe/Berlin");
      assert.ok(!("postsPerPage" in (settingsEntry?.details.after ?? {})), "only the fields that changed");
      assert.equal(categoryEntry?.actor, "Ed Editor");
      assert.equal(categoryEntry?.area, "taxonomy");
      assert.equal(categoryEntry?.details.fields?.name, "Harbour");
      assert.match(categoryEntry?.details.fields?.description ?? "", /^x{300}… \(1000 characters\)$/);
      const stored = await db.selectFrom("audit_log").select(["ip_hash", "details"]).execute();
      assert.ok(
        stored.every((row) => /^[0-9a-f]{64}$/.test(row.ip_hash ?? "")),
        "addresses are hashed",
      );
      assert.ok(
        stored.every((row) => !row.details.includes("198.51.100.7") && !row.details.includes(admin.csrf)),
      );

      assert.equal((await editor.request({ method: "GET", url: "/admin/activity/" })).statusCode, 403);
      const page = await admin.request({ method: "GET", url: "/admin/activity/" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ada Admin/);
      assert.match(page.body, /title: &quot;Masthead&quot; → &quot;The River Courier&quot;/);
      const onlyEditor = await admin.request({
        method: "GET",
        url: `/admin/activity/?staff=${editor.user.id}&area=&from=&to=`,
      });
      assert.match(onlyEditor.body, /Ed Editor/);
      assert.doesNotMatch(onlyEditor.body, /POST \/admin\/settings\//);
      const csv = await admin.request({ method: "GET", url: "/admin/activity.csv?area=settings" });
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.trim().split("\r\n");
      assert.equal(lines.length, 2);
      assert.match(lines[1] ?? "", /Ada Admin,settings,POST \/admin\/settings\//);
      // No route changes or removes an entry.
      for (const method of ["POST", "PUT", "DELETE"] as const) {
        const response = await admin.request({
          method,
          url: "/admin/activity/",
          form: { _csrf: admin.csrf },
        });
        assert.equal(response.statusCode, 404, method);
      }
    });

    it("pages through entries newest first and forgets entries past the retention period", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const admin = await signInAs(testApp, "administrator");
      for (let i = 0; i < 55; i++) {
        await admin.request({
          method: "POST",
          url: "/admin/taxonomy/categories/",
          form: { name: `Section ${i}`, slug: "", description: "", _csrf: admin.csrf },
        });
      }
      const first = await admin.request({ method: "GET", url: "/admin/activity/" });
      const shows = (body: string, text: string) => body.includes(`<li>name: ${text}</li>`);
      assert.ok(shows(first.body, "Section 54"), "the newest entry comes first");
      const older = /href="(\/admin\/activity\/\?before=\d+)"/.exec(first.body)?.[1];
      assert.ok(older, "a link to older entries");
      const second = await admin.request({ method: "GET", url: older.replaceAll("&amp;", "&") });
      assert.ok(shows(second.body, "Section 0"), "the oldest entry is on the second page");
      assert.ok(!shows(second.body, "Section 54"));
      const csv = await admin.request({ method: "GET", url: "/admin/activity.csv" });
      assert.equal(csv.body.trim().split("\r\n").length, 56, "the CSV has every entry");

      const { db } = testApp.storage;
      assert.equal(await pruneAuditEntries(db, testApp.now() - DAY), 0);
      assert.equal(await pruneAuditEntries(db, testApp.now() + 1), 55);
    });
  });
}
