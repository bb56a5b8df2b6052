import { type Static, Type } from "@sinclair/typebox";
import { AppError } from "../../core/errors.js";
import { MAX_SLUG_LENGTH } from "../../core/slug.js";
import { zonedLocalToEpoch } from "../../core/time.js";
import type { ArticleInput, Attribution, AttributionKind, FeaturedImage } from "./article.js";
import { type ArticleDoc, emptyDoc, parseDocJson } from "./document/doc.schema.js";

const Many = (item: ReturnType<typeof Type.String>) =>
  Type.Optional(Type.Union([item, Type.Array(item, { maxItems: 50 })]));
const IdText = Type.String({ pattern: "^[0-9]{0,9}$" });

/** The editor form as the browser sends it (urlencoded; repeated fields arrive as arrays). */
export const EditorFormBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(
    Type.Union([
      Type.Literal("save"),
      Type.Literal("preview"),
      Type.Literal("unpublish"),
      /** Save as a draft and ask an editor to review it. */
      Type.Literal("submit"),
      /** An editor's approval: save as published. */
      Type.Literal("publish"),
    ]),
  ),
  revision: Type.Optional(Type.String({ pattern: "^[0-9]{1,9}$" })),
  title: Type.String({ maxLength: 300 }),
  slug: Type.Optional(Type.String({ maxLength: MAX_SLUG_LENGTH * 2 })),
  standfirst: Type.Optional(Type.String({ maxLength: 1000 })),
  /** The editor's document as JSON text (checked against the schema when parsed). */
  body: Type.Optional(Type.String({ maxLength: 900_000 })),
  primaryCategory: Type.Optional(IdText),
  categories: Many(IdText),
  tags: Type.Optional(Type.String({ maxLength: 2000 })),
  authors: Many(IdText),
  imageUrl: Type.Optional(Type.String({ maxLength: 500 })),
  imageAlt: Type.Optional(Type.String({ maxLength: 500 })),
  imageCaption: Type.Optional(Type.String({ maxLength: 1000 })),
  imageCredit: Type.Optional(Type.String({ maxLength: 300 })),
  attributionKind: Many(Type.String({ maxLength: 10 })),
  attributionOutlet: Many(Type.String({ maxLength: 200 })),
  attributionUrl: Many(Type.String({ maxLength: 1000 })),
  attributionOrder: Many(Type.String({ maxLength: 4 })),
  status: Type.Union([Type.Literal("draft"), Type.Literal("scheduled"), Type.Literal("published")]),
  publishAt: Type.Optional(Type.String({ maxLength: 20 })),
  commentsClosed: Type.Optional(Type.Literal("1")),
  kind: Type.Optional(Type.Union([Type.Literal("article"), Type.Literal("page")])),
});
export type EditorForm = Static<typeof EditorFormBody>;

const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const ids = (values: string[]) => values.filter((value) => value !== "").map(Number);
const isWebUrl = (url: string) => /^https?:\/\/[^\s/]+\.[^\s]+$/.test(url);
const isImageUrl = (url: string) => url.startsWith("/media/") || isWebUrl(url);
const KINDS: readonly AttributionKind[] = ["via", "quoted", "source"];

function parseAttributions(form: EditorForm, errors: string[]): Attribution[] {
  const outlets = list(form.attributionOutlet);
  const kinds = list(form.attributionKind);
  const urls = list(form.attributionUrl);
  const orders = list(form.attributionOrder);
  const rows = outlets.map((outlet, index) => ({
    outlet: outlet.trim(),
    index,
    order: Number(orders[index] || index + 1),
  }));
  return rows
    .filter((row) => row.outlet !== "")
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .map(({ outlet, index }) => {
      const kind = kinds[index] as AttributionKind;
      const url = (urls[index] ?? "").trim();
      if (!KINDS.includes(kind)) errors.push(`Source "${outlet}": choose Via, Quoted by or Source.`);
      if (url && !isWebUrl(url))
        errors.push(`Source "${outlet}": the link must start with http:// or https://.`);
      return { kind, outlet, url: url || null };
    });
}

function parseBody(form: EditorForm, errors: string[]): ArticleDoc {
  if (!form.body) return emptyDoc();
  try {
    return parseDocJson(form.body);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.push(error.message);
    return emptyDoc();
  }
}

function parseImage(form: EditorForm, errors: string[]): FeaturedImage | null {
  const url = (form.imageUrl ?? "").trim();
  if (!url) return null;
  if (!isImageUrl(url)) errors.push("The featured image must be a /media/ path or an http(s) URL.");
  const alt = (form.imageAlt ?? "").trim();
  if (!alt) errors.push("Describe the featured image in its alt text, for readers who cannot see it.");
  // The size is never typed: the save fills it from the media library (null for other images).
  return {
    url,
    alt,
    caption: (form.imageCaption ?? "").trim(),
    credit: (form.imageCredit ?? "").trim(),
    width: null,
    height: null,
  };
}

/** Turns the submitted form into an article input, collecting every problem for the editor to fix at once. */
export function parseEditorForm(
  form: EditorForm,
  timeZone: string,
): { input: ArticleInput; errors: string[] } {
  const errors: string[] = [];
  const title = form.title.trim();
  if (!title) errors.push("Give the article a title.");
  let publishedAt: number | null = null;
  if (form.publishAt) {
    publishedAt = zonedLocalToEpoch(form.publishAt, timeZone);
    if (publishedAt === null) errors.push("The publication date is not a valid date and time.");
  }
  if (form.status === "scheduled" && publishedAt === null)
    errors.push("Choose when the article should appear.");
  const primary = ids(list(form.primaryCategory));
  const input: ArticleInput = {
    title,
    slug: (form.slug ?? "").trim() || undefined,
    standfirst: form.standfirst ?? "",
    body: parseBody(form, errors),
    status: form.status,
    publishedAt,
    categoryIds: [...new Set([...primary, ...ids(list(form.categories))])],
    tagNames: (form.tags ?? "")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    authorIds: [...new Set(ids(list(form.authors)))],
    image: parseImage(form, errors),
    attributions: parseAttributions(form, errors),
    commentsClosed: form.commentsClosed === "1",
    // Left out (an older form): the kind stays as it was.
    ...(form.kind === undefined ? {} : { kind: form.kind }),
  };
  // A page (About, Contact) has no byline.
  if (input.authorIds.length === 0 && input.kind !== "page") errors.push("Choose at least one author.");
  return { input, errors };
}
