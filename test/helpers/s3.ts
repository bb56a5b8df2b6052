import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import S3rver from "s3rver";

export interface LocalS3 {
  /** Settings that point the app at the server: MEDIA_STORAGE, S3_ENDPOINT and keys. */
  env: Record<string, string>;
  bucket: string;
}

/** A local S3-compatible server (s3rver) with one empty bucket, stopped when the test ends. */
export async function startLocalS3(t: TestContext, prefix = "site-a"): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), "masthead-s3-"));
  const bucket = "masthead-media";
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  t.after(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return {
    bucket,
    env: {
      MEDIA_STORAGE: `s3://${bucket}/${prefix}`,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      // s3rver's fixed development keys.
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    },
  };
}
