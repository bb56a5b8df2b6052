import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it, type TestContext } from "node:test";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { mediaUploader, png } from "../../../test/helpers/media.js";
import { type LocalS3, startLocalS3 } from "../../../test/helpers/s3.js";
import { listMedia } from "./media.service.js";

/** The object keys in the bucket, as the S3 API lists them. */
async function objectKeys(t: TestContext, s3: LocalS3): Promise<string[]> {
  const client = new S3Client({
    region: "us-east-1",
    endpoint: s3.env.S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  t.after(() => client.destroy());
  const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
}

for (const dialect of testDialects()) {
  describe(`media in an S3 bucket on ${dialect}`, () => {
    it("stores every copy in the bucket under the prefix, serves it through the app, and deletes it", async (t) => {
      const s3 = await startLocalS3(t);
      const testApp = await buildTestApp(t, dialect, { env: s3.env });
      const { editor, upload } = await mediaUploader(testApp);
      const uploaded = await upload(editor, {
        name: "quay.png",
        type: "image/png",
        data: await png(700, 350),
      });
      assert.equal(uploaded.statusCode, 303);
      const [item] = (await listMedia(testApp.storage.db, { q: "", page: 1 })).items;
      assert.ok(item);
      const expected = [320, 640].flatMap((width) =>
        ["jpg", "webp"].map((ext) => `site-a/${item.fileKey}-${width}.${ext}`),
      );
      assert.deepEqual(await objectKeys(t, s3), expected.sort());
      assert.deepEqual(readdirSync(testApp.mediaDir), [], "nothing on the local disk");

      const served = await testApp.app.inject({ url: `/media/${item.fileKey}-320.webp` });
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers["content-type"], "image/webp");
      assert.match(String(served.headers["cache-control"]), /immutable/);
      assert.equal((await sharp(served.rawPayload).metadata()).width, 320);
      assert.equal((await testApp.app.inject({ url: "/media/2026/11/nothing-320.webp" })).statusCode, 404);
      assert.equal((await testApp.app.inject({ url: "/media/../secret.webp" })).statusCode, 404);

      const deleted = await editor.request({
        method: "POST",
        url: `/admin/media/${item.id}/delete`,
        form: { _csrf: editor.csrf },
      });
      assert.equal(deleted.statusCode, 303);
      assert.deepEqual(await objectKeys(t, s3), []);
      assert.equal((await testApp.app.inject({ url: `/media/${item.fileKey}-320.webp` })).statusCode, 404);
    });

    it("sends readers to MEDIA_BASE_URL when one is set", async (t) => {
      const s3 = await startLocalS3(t);
      const env = { ...s3.env, MEDIA_BASE_URL: "https://cdn.example.test/media/" };
      const testApp = await buildTestApp(t, dialect, { env });
      const response = await testApp.app.inject({ url: "/media/2026/11/abc-320.webp" });
      assert.equal(response.statusCode, 301);
      assert.equal(response.headers.location, "https://cdn.example.test/media/2026/11/abc-320.webp");
    });
  });
}
