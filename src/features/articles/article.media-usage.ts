import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";

/**
 * How many articles, in any state, show one of these image URLs as their featured image or in their
 * body, so that the media library never deletes a file that a draft or a published page still needs.
 */
export async function countArticlesUsingImage(db: Db, ...urls: string[]): Promise<number> {
  if (urls.length === 0) return 0;
  const row = await db
    .selectFrom("articles")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where((eb) =>
      eb.or([
        eb("image_url", "in", urls),
        // replace() rather than LIKE: an exact, case-sensitive substring test on both dialects,
        // with no wildcards to escape in the URL.
        ...urls.map((url) => eb(sql<string>`replace(body_doc, ${url}, '')`, "<>", eb.ref("body_doc"))),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
