import { badRequest } from "../../core/errors.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { listCategories } from "../taxonomy/taxonomy.repository.js";
import { type NewsletterInput, SECTIONS_FIELD } from "./newsletter.js";
import { insertNewsletter, slugTaken, updateNewsletter } from "./newsletter.repository.js";

/**
 * Defines a newsletter. Its sign-up form sits in cached public pages, so the content version moves
 * and those pages are rendered afresh.
 */
export async function defineNewsletter(db: Db, input: NewsletterInput, now: number): Promise<number> {
  if (await slugTaken(db, input.slug))
    throw badRequest(`Another newsletter uses the address "${input.slug}".`);
  await checkSections(db, input.sectionIds);
  const id = await insertNewsletter(db, input, now);
  await markContentChanged(db);
  return id;
}

export async function changeNewsletter(db: Db, id: number, input: NewsletterInput): Promise<void> {
  if (await slugTaken(db, input.slug, id))
    throw badRequest(`Another newsletter uses the address "${input.slug}".`);
  await checkSections(db, input.sectionIds);
  await updateNewsletter(db, id, input);
  await markContentChanged(db);
}

async function checkSections(db: Db, sectionIds: readonly number[]): Promise<void> {
  const known = new Set((await listCategories(db)).map((section) => section.id));
  if (sectionIds.some((id) => !known.has(id)))
    throw badRequest("One of those sections no longer exists.").about(SECTIONS_FIELD);
}
