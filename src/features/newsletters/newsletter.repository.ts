import type { Selectable } from "kysely";
import { memoByContentVersion } from "../../http/version-memo.js";
import type { Db, Storage } from "../../storage/storage.js";
import type { Newsletter, NewsletterInput } from "./newsletter.js";
import type { NewsletterTables } from "./newsletter.table.js";

type NewsletterRow = Selectable<NewsletterTables["newsletters"]>;

const toNewsletter = (row: NewsletterRow, sectionIds: number[]): Newsletter => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  senderName: row.sender_name,
  senderEmail: row.sender_email,
  replyTo: row.reply_to,
  cadence: row.cadence,
  sendTime: row.send_time,
  sendWeekday: row.send_weekday,
  sectionIds,
  createdAt: row.created_at,
});

const toRow = (input: NewsletterInput) => ({
  slug: input.slug,
  name: input.name,
  description: input.description,
  sender_name: input.senderName,
  sender_email: input.senderEmail,
  reply_to: input.replyTo,
  cadence: input.cadence,
  send_time: input.sendTime,
  send_weekday: input.sendWeekday,
});

/** Every newsletter with its sections, in two queries. */
export async function listNewsletters(db: Db): Promise<Newsletter[]> {
  const rows = await db.selectFrom("newsletters").selectAll().orderBy("name").execute();
  const sections = await db.selectFrom("newsletter_sections").selectAll().execute();
  return rows.map((row) =>
    toNewsletter(
      row,
      sections.filter((section) => section.newsletter_id === row.id).map((section) => section.category_id),
    ),
  );
}

/**
 * The newsletters as public pages offer them, read again only after a content change: every change to
 * a newsletter is one (newsletter.service.ts), and an uncached article page saves two reads.
 */
export const publicNewslettersReader = (storage: Pick<Storage, "db" | "readContentVersion">) =>
  memoByContentVersion(storage.readContentVersion, () => listNewsletters(storage.db));

export async function findNewsletter(db: Db, id: number): Promise<Newsletter | undefined> {
  return (await listNewsletters(db)).find((newsletter) => newsletter.id === id);
}

export async function insertNewsletter(db: Db, input: NewsletterInput, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("newsletters")
      .values({ ...toRow(input), created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await replaceSections(trx, id, input.sectionIds);
    return id;
  });
}

export async function updateNewsletter(db: Db, id: number, input: NewsletterInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("newsletters").set(toRow(input)).where("id", "=", id).execute();
    await replaceSections(trx, id, input.sectionIds);
  });
}

async function replaceSections(db: Db, id: number, sectionIds: readonly number[]): Promise<void> {
  await db.deleteFrom("newsletter_sections").where("newsletter_id", "=", id).execute();
  const unique = [...new Set(sectionIds)];
  if (unique.length === 0) return;
  await db
    .insertInto("newsletter_sections")
    .values(unique.map((category_id) => ({ newsletter_id: id, category_id })))
    .execute();
}

export const slugTaken = async (db: Db, slug: string, exceptId = 0) =>
  (await db
    .selectFrom("newsletters")
    .select("id")
    .where("slug", "=", slug)
    .where("id", "<>", exceptId)
    .executeTakeFirst()) !== undefined;
