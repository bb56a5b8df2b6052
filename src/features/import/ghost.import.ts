import { readFile } from "node:fs/promises";
import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { Db } from "../../storage/storage.js";
import type { ArticleInput, ArticleStatus } from "../articles/article.js";
import { createCategory, ensureTags, findCategoryBySlug } from "../taxonomy/taxonomy.repository.js";
import { countSkip, emptyReport, type ImportReport } from "./import.report.js";
import { fingerprintOf, ImportWriter, inOneTransaction } from "./import.writer.js";
import { htmlToArticleBody } from "./wp-content.js";

/** A Ghost export file that cannot be imported; the message says what and where. */
export class GhostExportError extends Error {}

const Nullable = <T extends ReturnType<typeof Type.String>>(type: T) =>
  Type.Optional(Type.Union([type, Type.Null()]));
const Text = Type.String();
const Id = Type.Union([Type.String({ minLength: 1 }), Type.Integer()]);

// Only the fields we read; Ghost 1.x to 5.x exports carry many more, which are ignored.
const GhostPost = Type.Object({
  id: Id,
  title: Text,
  slug: Text,
  html: Nullable(Text),
  type: Type.Optional(Text),
  status: Text,
  published_at: Nullable(Text),
  updated_at: Nullable(Text),
  custom_excerpt: Nullable(Text),
  feature_image: Nullable(Text),
});
const GhostTag = Type.Object({ id: Id, name: Text, slug: Text, description: Nullable(Text) });
const GhostUser = Type.Object({ id: Id, name: Text, slug: Text, bio: Nullable(Text) });
const Link = (field: string) => Type.Object({ post_id: Id, [field]: Id });
const GhostExport = Type.Object({
  db: Type.Array(
    Type.Object({
      data: Type.Object({
        posts: Type.Array(GhostPost),
        tags: Type.Optional(Type.Array(GhostTag)),
        users: Type.Optional(Type.Array(GhostUser)),
        posts_tags: Type.Optional(Type.Array(Link("tag_id"))),
        posts_authors: Type.Optional(Type.Array(Link("author_id"))),
      }),
    }),
    { minItems: 1 },
  ),
});
type GhostData = (typeof GhostExport)["static"]["db"][number]["data"];
type GhostPost = (typeof GhostPost)["static"];

export interface GhostImportOptions {
  file: string;
  dryRun: boolean;
  now: number;
  /** A post's first tag also becomes its section (a category). */
  primaryTagAsSection: boolean;
}

/**
 * Imports a Ghost JSON export (posts, pages, tags, authors; content from its `html` field, which Ghost
 * renders from mobiledoc or lexical) in one transaction, idempotent like the WordPress import, with
 * redirects from Ghost's URL shapes. The file is read whole: Ghost exports hold no media and are small.
 */
export async function importGhost(db: Db, options: GhostImportOptions): Promise<ImportReport> {
  const data = await readGhostExport(options.file);
  return inOneTransaction(db, options.dryRun, async (trx) => {
    const importer = new GhostImporter(trx, emptyReport(options.file, options.dryRun), options);
    await importer.run(data);
    return importer.report;
  });
}

async function readGhostExport(file: string): Promise<GhostData> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new GhostExportError(`${file} is not valid JSON: ${error.message}.`);
  }
  if (!Value.Check(GhostExport, parsed)) {
    const problem = Value.Errors(GhostExport, parsed).First();
    throw new GhostExportError(
      `${file} is not a Ghost export: ${problem?.message ?? "unexpected shape"} at ${problem?.path || "/"}.`,
    );
  }
  const [first] = parsed.db;
  if (!first) throw new GhostExportError(`${file} is not a Ghost export: no db entry.`);
  return first.data;
}

const STATUS: Record<string, ArticleStatus> = {
  published: "published",
  scheduled: "scheduled",
  draft: "draft",
};

/** The ids of `field` linked to each post, in the export's order. */
function linked(links: readonly Record<string, unknown>[] | undefined, field: string): Map<string, string[]> {
  const byPost = new Map<string, string[]>();
  for (const link of links ?? []) {
    const postId = String(link.post_id);
    byPost.set(postId, [...(byPost.get(postId) ?? []), String(link[field])]);
  }
  return byPost;
}

class GhostImporter extends ImportWriter {
  private readonly tagNames = new Map<string, string>();
  private readonly authorIds = new Map<string, number>();

  constructor(
    trx: Db,
    report: ImportReport,
    private readonly options: GhostImportOptions,
  ) {
    super(trx, report, "ghost", options.now);
  }

  async run(data: GhostData): Promise<void> {
    this.redirect("/rss/", "/rss.xml");
    for (const tag of data.tags ?? []) await this.tag(tag);
    for (const user of data.users ?? []) await this.author(user);
    const tagsOf = linked(data.posts_tags, "tag_id");
    const authorsOf = linked(data.posts_authors, "author_id");
    for (const post of data.posts) {
      await this.post(post, tagsOf.get(String(post.id)) ?? [], authorsOf.get(String(post.id)) ?? []);
    }
    await this.flushWrites();
  }

  private async tag(tag: (typeof GhostTag)["static"]): Promise<void> {
    // Ghost's internal tags ("#hidden") steer its themes; they are not topics.
    if (tag.name.startsWith("#")) return;
    const [made] = await ensureTags(this.trx, [tag.name]);
    if (!made) return;
    this.tagNames.set(String(tag.id), tag.name);
    const known = await this.link("tag", String(tag.id));
    if (!known) this.remember("tag", String(tag.id), made.id, fingerprintOf(tag));
    this.count("tags", known ? "unchanged" : "imported");
    this.redirect(`/tag/${tag.slug}/`, `/tag/${made.slug}/`);
    this.redirect(`/tag/${tag.slug}/rss/`, `/tag/${made.slug}/rss.xml`);
  }

  private async author(user: (typeof GhostUser)["static"]): Promise<void> {
    const link = await this.link("author", String(user.id));
    const profile = link
      ? { id: link.targetId, slug: undefined }
      : await this.authorProfile({ slug: user.slug, name: user.name, bio: user.bio ?? "" });
    if (link) this.count("authors", "unchanged");
    else this.remember("author", String(user.id), profile.id, fingerprintOf(user));
    this.authorIds.set(String(user.id), profile.id);
    if (profile.slug) {
      this.redirect(`/author/${user.slug}/`, `/author/${profile.slug}/`);
      this.redirect(`/author/${user.slug}/rss/`, `/author/${profile.slug}/rss.xml`);
    }
  }

  private async post(post: GhostPost, tagIds: string[], authorIds: string[]): Promise<void> {
    const kind = post.type === "page" ? "pages" : "posts";
    const status = STATUS[post.status];
    if (!status) return countSkip(this.report, kind, `status "${post.status}"`);
    const tagNames = tagIds.flatMap((id) => this.tagNames.get(id) ?? []);
    const saved = await this.saveArticle({
      kind,
      sourceId: String(post.id),
      fingerprint: fingerprintOf({ post, tagNames, authorIds }),
      makeInput: () => this.articleInput(post, status, tagNames, authorIds),
    });
    if (!saved?.slug) return;
    this.redirect(`/${post.slug}/`, `/${saved.slug}/`);
    this.redirect(`/${post.slug}/amp/`, `/${saved.slug}/`);
  }

  private async articleInput(
    post: GhostPost,
    status: ArticleStatus,
    tagNames: string[],
    authorIds: string[],
  ): Promise<ArticleInput> {
    const isPage = post.type === "page";
    const section = this.options.primaryTagAsSection && !isPage ? await this.section(tagNames[0]) : undefined;
    const publishedAt = post.published_at ? Date.parse(post.published_at) : null;
    return {
      kind: isPage ? "page" : "article",
      title: post.title || "(untitled)",
      slug: post.slug,
      standfirst: post.custom_excerpt ?? "",
      body: htmlToArticleBody(post.html ?? "", (url) => url),
      status,
      publishedAt: Number.isNaN(publishedAt) ? null : publishedAt,
      categoryIds: section === undefined ? [] : [section],
      tagNames: isPage ? [] : tagNames,
      authorIds: isPage ? [] : authorIds.flatMap((id) => this.authorIds.get(id) ?? []),
      image: post.feature_image
        ? { url: post.feature_image, alt: "", caption: "", credit: "", width: null, height: null }
        : null,
      attributions: [],
    };
  }

  /** `--primary-tag-as-section`: the category named like the post's first tag (made once). */
  private async section(tagName: string | undefined): Promise<number | undefined> {
    if (!tagName) return undefined;
    const [tag] = await ensureTags(this.trx, [tagName]);
    if (!tag) return undefined;
    const existing = await findCategoryBySlug(this.trx, tag.slug);
    if (existing) return existing.id;
    this.count("categories", "imported");
    return (await createCategory(this.trx, { slug: tag.slug, name: tag.name, description: "" })).id;
  }
}
