import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildTestApp, TEST_NOW } from "../helpers/app.js";
import { makeArticle } from "../helpers/factories.js";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Another app instance, or a CLI command, on the same database: a separate process that changes the
 * site's title and casts one vote through the features' own functions.
 */
async function changeFromAnotherProcess(file: string, articleId: number, title: string): Promise<void> {
  const script = `
    import { openStorage } from "./src/storage/storage.ts";
    import { updateSiteSettings } from "./src/features/settings/settings.ts";
    import { castVote } from "./src/features/votes/vote.service.ts";
    const storage = openStorage({ dialect: "sqlite", path: ${JSON.stringify(file)} });
    await updateSiteSettings(storage.db, { title: ${JSON.stringify(title)} });
    await castVote(storage.db, {
      articleId: ${articleId}, voterKey: "anon:elsewhere", value: 1, ipHash: "ip", networkHash: "net",
      freshVoter: false, now: ${TEST_NOW}, limits: { networkPerHour: 100 },
    });
    await storage.close();
  `;
  await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot });
}

it("shows a change made by another process on the very next request, cached pages included", async (t) => {
  const { app, storage } = await buildTestApp(t, "sqlite");
  const article = await makeArticle(storage.db, TEST_NOW);
  const page = async () => (await app.inject({ method: "GET", url: `/${article.slug}/` })).body;
  const before = await page();
  assert.match(before, /0 points/);
  assert.equal(await page(), before, "served from the page cache");

  await changeFromAnotherProcess(storage.file as string, article.id, "Changed Elsewhere Gazette");
  const after = await page();
  assert.match(after, /Changed Elsewhere Gazette/);
  assert.match(after, /1 point\b/);
});
