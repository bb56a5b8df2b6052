import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ArchivePartSchema } from "../backup/backup.manifest.js";

export const EXPORT_MANIFEST_FILE = "manifest.json";
export const EXPORT_FORMAT = "masthead-export";
/** Raise when a type's rows change shape, and keep reading the older versions (docs/export-format.md). */
export const EXPORT_VERSION = 1;

const TypePart = Type.Intersect([
  ArchivePartSchema,
  Type.Object({ name: Type.String({ pattern: "^[a-z_]+$" }), rows: Type.Integer({ minimum: 0 }) }),
]);
export type TypePart = Static<typeof TypePart>;

/** Checked in two steps: a newer version is refused by number before its shape is judged. */
const Header = Type.Object({ format: Type.Literal(EXPORT_FORMAT), version: Type.Integer({ minimum: 1 }) });

export const ExportManifest = Type.Object({
  format: Type.Literal(EXPORT_FORMAT),
  version: Type.Literal(EXPORT_VERSION),
  createdAt: Type.String(),
  masthead: Type.String(),
  types: Type.Array(TypePart),
  media: Type.Array(ArchivePartSchema),
});
export type ExportManifest = Static<typeof ExportManifest>;

function firstError(schema: Parameters<typeof Value.Errors>[0], value: unknown): string {
  const error = Value.Errors(schema, value).First();
  return `${error?.path || "/"}: ${error?.message}`;
}

/** The manifest in `text`, or why this is not an export this version can read. */
export function parseExportManifest(text: string): ExportManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "its manifest.json is not JSON";
  }
  if (!Value.Check(Header, value)) return `it is not a Masthead export (${firstError(Header, value)})`;
  if (value.version > EXPORT_VERSION)
    return `it is export format version ${value.version}; this Masthead reads up to version ${EXPORT_VERSION}. Upgrade Masthead first`;
  if (!Value.Check(ExportManifest, value))
    return `its manifest is damaged (${firstError(ExportManifest, value)})`;
  return value;
}
