import { readFileSync } from "node:fs";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "masthead-backup";
export const MANIFEST_VERSION = 1;

/** One file of an archive, as manifests describe it (backups and exports alike). */
export const ArchivePartSchema = Type.Object({
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }),
});

export const Manifest = Type.Object({
  format: Type.Literal(MANIFEST_FORMAT),
  version: Type.Literal(MANIFEST_VERSION),
  createdAt: Type.String(),
  masthead: Type.String(),
  node: Type.String(),
  dialect: Type.Union([Type.Literal("sqlite"), Type.Literal("postgres")]),
  /** PostgreSQL: the schema that was dumped. */
  schema: Type.Optional(Type.String()),
  /** The migrations applied to the database when it was copied: its schema version. */
  migrations: Type.Array(Type.String()),
  /** Each feature's figures (see site-check.ts), which the restored copy must match. */
  figures: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  database: ArchivePartSchema,
  media: Type.Array(ArchivePartSchema),
});
export type Manifest = Static<typeof Manifest>;

/** The version of Masthead this code is, from package.json (the same path from src/ and from dist/). */
export function mastheadVersion(): string {
  const file = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** The manifest in `text`, or the reason it is not one of ours. */
export function parseManifest(text: string): Manifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "manifest.json is not JSON";
  }
  if (Value.Check(Manifest, value)) return value;
  const error = Value.Errors(Manifest, value).First();
  return `manifest.json is not a Masthead backup manifest (${error?.path || "/"}: ${error?.message})`;
}
