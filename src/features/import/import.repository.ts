import { slicesOf } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";

export interface ImportLink {
  targetId: number;
  fingerprint: string;
}

export type LinkKey = { source: string; kind: string; sourceId: string };

export async function findImportLink(db: Db, key: LinkKey): Promise<ImportLink | undefined> {
  const row = await db
    .selectFrom("import_links")
    .select(["target_id", "fingerprint"])
    .where("source", "=", key.source)
    .where("kind", "=", key.kind)
    .where("source_id", "=", key.sourceId)
    .executeTakeFirst();
  return row && { targetId: row.target_id, fingerprint: row.fingerprint };
}

export async function saveImportLink(db: Db, key: LinkKey, link: ImportLink): Promise<void> {
  const values = { target_id: link.targetId, fingerprint: link.fingerprint };
  await db
    .insertInto("import_links")
    .values({ source: key.source, kind: key.kind, source_id: key.sourceId, ...values })
    .onConflict((conflict) => conflict.columns(["source", "kind", "source_id"]).doUpdateSet(values))
    .execute();
}

/** Rows per multi-row statement: 5 values each, well under both databases' parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** The links of these source items (of any of the kinds), in one query per 500 ids. */
export async function findImportLinks(
  db: Db,
  source: string,
  kinds: readonly string[],
  sourceIds: readonly string[],
): Promise<(LinkKey & ImportLink)[]> {
  const found: (LinkKey & ImportLink)[] = [];
  if (kinds.length === 0) return found;
  for (const ids of slicesOf([...new Set(sourceIds)], ROWS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom("import_links")
      .select(["kind", "source_id", "target_id", "fingerprint"])
      .where("source", "=", source)
      .where("kind", "in", [...kinds])
      .where("source_id", "in", ids)
      .execute();
    for (const row of rows) {
      found.push({
        source,
        kind: row.kind,
        sourceId: row.source_id,
        targetId: row.target_id,
        fingerprint: row.fingerprint,
      });
    }
  }
  return found;
}

/** Many links at once (each key at most once), inserted or updated in multi-row statements. */
export async function saveImportLinks(db: Db, links: readonly (LinkKey & ImportLink)[]): Promise<void> {
  for (const slice of slicesOf(links, ROWS_PER_STATEMENT)) {
    await db
      .insertInto("import_links")
      .values(
        slice.map((link) => ({
          source: link.source,
          kind: link.kind,
          source_id: link.sourceId,
          target_id: link.targetId,
          fingerprint: link.fingerprint,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(["source", "kind", "source_id"]).doUpdateSet((eb) => ({
          target_id: eb.ref("excluded.target_id"),
          fingerprint: eb.ref("excluded.fingerprint"),
        })),
      )
      .execute();
  }
}
