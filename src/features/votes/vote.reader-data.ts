import { randomBytes } from "node:crypto";
import { readerVoterKey } from "../readers/reader.js";
import type { ReaderDataKeeper } from "../readers/reader.service.js";

/**
 * A signed-in reader's votes in their data download; on deletion the votes keep counting but no
 * longer point at the account (a fresh anonymous key, one per reader, keeps one vote per article).
 */
export const votesReaderData: ReaderDataKeeper = {
  name: "votes",
  async exportFor(db, reader) {
    const rows = await db
      .selectFrom("votes")
      .select(["article_id", "value", "created_at", "updated_at"])
      .where("voter_key", "=", readerVoterKey(reader.id))
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({
      articleId: row.article_id,
      value: row.value,
      castAt: new Date(row.created_at).toISOString(),
      changedAt: new Date(row.updated_at).toISOString(),
    }));
  },
  async eraseFor(db, reader) {
    await db
      .updateTable("votes")
      .set({ voter_key: `anon:${randomBytes(16).toString("base64url")}` })
      .where("voter_key", "=", readerVoterKey(reader.id))
      .execute();
  },
};
