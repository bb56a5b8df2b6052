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
