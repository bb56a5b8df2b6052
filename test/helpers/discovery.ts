import { markdownToDoc } from "../../src/features/articles/document/doc.from-markdown.js";
import type { Db } from "../../src/storage/storage.js";
import { HOUR, makeArticle, makeAuthor, makeCategory } from "./factories.js";

/**
 * A small newsroom for the discovery tests (feeds, sitemaps, search, API): two published articles
 * in one category with a tag and an author, plus a draft and a scheduled article that must never
 * show before their time.
 */
export async function makeNewsroom(db: Db, now: number) {
  const category = await makeCategory(db, "Water & Rivers");
  const author = await makeAuthor(db, "Maren Holt");
  const older = await makeArticle(db, now, {
    title: "Flood defences <finished> on the Vale",
    standfirst: "Engineers closed the last gap in the river wall.",
    body: markdownToDoc(
      "The **river wall** is done. See [the map](/media/map.png) and [our section](/category/x/).",
    ),
    publishedAt: now - 3 * HOUR,
    categoryIds: [category.id],
    tagNames: ["River Vale"],
    authorIds: [author.id],
    image: {
      url: "/media/demo/flood.jpg",
      alt: "The finished wall",
      caption: "The wall at dusk",
      credit: "Photo: M. Holt",
      width: 1600,
      height: 900,
    },
    attributions: [{ kind: "via", outlet: "Vale Gazette", url: "https://gazette.example/flood" }],
  });
  const newer = await makeArticle(db, now, {
    title: "Council budget passes",
    standfirst: "The vote was close.",
    body: markdownToDoc(
      "Councillors voted 12 to 11 for the budget after a long night of flooding questions.",
    ),
    publishedAt: now - HOUR,
    categoryIds: [category.id],
    authorIds: [author.id],
  });
  const draft = await makeArticle(db, now, {
    title: "Secret draft about the flood",
    body: markdownToDoc("Flood flood flood draft."),
    status: "draft",
    publishedAt: null,
    categoryIds: [category.id],
    tagNames: ["River Vale"],
    authorIds: [author.id],
  });
  const scheduled = await makeArticle(db, now, {
    title: "Scheduled flood report",
    body: markdownToDoc("Flood report embargoed until tomorrow."),
    status: "scheduled",
    publishedAt: now + 24 * HOUR,
    categoryIds: [category.id],
    tagNames: ["River Vale"],
    authorIds: [author.id],
  });
  return { category, author, older, newer, draft, scheduled };
}
