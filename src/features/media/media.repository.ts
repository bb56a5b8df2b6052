import { type Insertable, sql } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { MediaItem } from "./media.js";
import type { MediaRow, MediaTable } from "./media.table.js";
import { FALLBACK_CONTENT_TYPES, mediaUrl } from "./responsive.js";

function toMediaItem(row: MediaRow): MediaItem {
  const variantWidths = row.variant_widths.split(",").map(Number);
  const fallbackExt = row.content_type === FALLBACK_CONTENT_TYPES.png ? "png" : "jpg";
  return {
    id: row.id,
    fileKey: row.file_key,
    originalName: row.original_name,
    contentType: row.content_type,
    fallbackExt,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    variantWidths,
    alt: row.alt,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    url: mediaUrl(row.file_key, Math.max(...variantWidths), fallbackExt),
  };
}

export async function insertMedia(db: Db, values: Insertable<MediaTable>): Promise<MediaItem> {
  return toMediaItem(await db.insertInto("media").values(values).returningAll().executeTakeFirstOrThrow());
}

export async function findMediaById(db: Db, id: number): Promise<MediaItem | undefined> {
  const row = await db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toMediaItem(row);
}

/** `\`, `%` and `_` in what staff typed match themselves, not any text. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Newest first, matching `q` in the original name or alt text; `limit` rows at most. */
export async function searchMedia(
  db: Db,
  query: { q: string; limit: number; offset: number },
): Promise<MediaItem[]> {
  let select = db.selectFrom("media").selectAll();
  if (query.q) {
    const pattern = containsPattern(query.q);
    // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
    select = select.where(({ or }) =>
      or([
        sql<boolean>`lower(original_name) like lower(${pattern}) escape '\\'`,
        sql<boolean>`lower(alt) like lower(${pattern}) escape '\\'`,
      ]),
    );
  }
  const rows = await select
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map(toMediaItem);
}

export async function updateMediaAlt(db: Db, id: number, alt: string): Promise<boolean> {
  const result = await db.updateTable("media").set({ alt }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteMediaRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("media").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findMediaByKey(db: Db, fileKey: string): Promise<MediaItem | undefined> {
  const row = await db.selectFrom("media").selectAll().where("file_key", "=", fileKey).executeTakeFirst();
  return row && toMediaItem(row);
}
