import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { MediaS3Target } from "../config.js";
import type { MediaStore, StoredFile } from "./media-store.js";

/** S3's limit for one DeleteObjects call. */
const DELETE_BATCH = 1000;

/** Media in an S3-compatible bucket (AWS, R2, MinIO, …) under a key prefix, for several app machines. */
export function s3MediaStore(target: MediaS3Target, mediaBaseUrl: string | null): MediaStore {
  const client = new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    // Checksums only where S3 requires them: many S3-compatible servers reject the newer default trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const { bucket } = target;
  const objectKey = (key: string) => (target.prefix ? `${target.prefix}/${key}` : key);

  const read = async (key: string): Promise<StoredFile | undefined> => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return {
        body: object.Body as Readable,
        contentType: object.ContentType ?? "application/octet-stream",
        ...(object.ContentLength === undefined ? {} : { bytes: object.ContentLength }),
      };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  };

  /** S3 lists keys in byte order, a thousand at a time. */
  async function* keys(): AsyncGenerator<string> {
    const prefix = target.prefix ? `${target.prefix}/` : "";
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key.slice(prefix.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return {
    keys,
    get: read,
    put: async (key, body, contentType) => {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: body, ContentType: contentType }),
      );
    },
    delete: async (keys) => {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH).map((key) => ({ Key: objectKey(key) }));
        await client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
        );
      }
    },
    isReachable: () =>
      client.send(new HeadBucketCommand({ Bucket: bucket })).then(
        () => true,
        () => false,
      ),
    serving: mediaBaseUrl ? { kind: "redirect", baseUrl: mediaBaseUrl } : { kind: "read", read },
    close: () => client.destroy(),
  };
}
