import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { SaxesParser } from "saxes";
import {
  type WxrAuthor,
  type WxrCategory,
  type WxrComment,
  type WxrEntry,
  WxrError,
  type WxrItem,
  type WxrTag,
} from "./wxr.js";

const SUPPORTED_VERSIONS = new Set(["1.0", "1.1", "1.2"]);

/** Elements that group others; every other element inside one is a field named by its tag. */
const GROUPS = new Set([
  "item",
  "wp:author",
  "wp:category",
  "wp:tag",
  "wp:postmeta",
  "wp:comment",
  "wp:commentmeta",
  "wp:term",
]);

interface Group {
  name: string;
  fields: Record<string, string>;
  terms: WxrItem["terms"];
  meta: Record<string, string>;
  comments: WxrComment[];
}

const newGroup = (name: string): Group => ({ name, fields: {}, terms: [], meta: {}, comments: [] });

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}

/**
 * Reads a WXR file as a stream (SAX events, 64 KiB at a time), yielding the site, then authors,
 * categories and tags, then each item with its meta and comments: memory stays bounded by one item,
 * whatever the file's size. A malformed, truncated or non-WXR file throws a WxrError naming the
 * line and column.
 */
export async function* readWxr(
  file: string,
  onProgress: (progress: ReadProgress) => void = () => {},
): AsyncGenerator<WxrEntry> {
  const totalBytes = (await stat(file)).size;
  const parser = new SaxesParser({ fileName: file });
  const ready: WxrEntry[] = [];
  const state = new ReaderState(parser, file, ready);
  parser.on("opentag", (tag) => state.open(tag));
  parser.on("closetag", (tag) => state.close(tag.name));
  parser.on("text", (text) => state.addText(text));
  parser.on("cdata", (text) => state.addText(text));
  parser.on("error", (error) => {
    throw new WxrError(`${file} is not well-formed XML: ${describeSaxError(error.message, file)}`);
  });
  let bytesRead = 0;
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 64 * 1024 });
  for await (const chunk of stream as AsyncIterable<string>) {
    parser.write(chunk);
    bytesRead = stream.bytesRead;
    yield* ready.splice(0);
    onProgress({ bytesRead, totalBytes });
  }
  parser.close();
  yield* ready.splice(0);
  state.finish();
}

/** saxes says "FILE:LINE:COLUMN: message"; we say "line L, column C: message". */
function describeSaxError(message: string, file: string): string {
  const rest = message.startsWith(`${file}:`) ? message.slice(file.length + 1) : message;
  const match = /^(\d+):(\d+): (.*)$/s.exec(rest);
  return match ? `line ${match[1]}, column ${match[2]}: ${match[3]}` : rest;
}

class ReaderState {
  private readonly path: string[] = [];
  private readonly groups: Group[] = [];
  private text = "";
  private version = "";
  private siteSeen = false;
  private baseUrl = "";

  constructor(
    private readonly parser: SaxesParser,
    private readonly file: string,
    private readonly ready: WxrEntry[],
  ) {}

  private where(): string {
    return `line ${this.parser.line}, column ${this.parser.column}`;
  }

  private fail(message: string): never {
    throw new WxrError(`${this.file} is not a WordPress export: ${message} (${this.where()}).`);
  }

  open(tag: { name: string; attributes: Record<string, unknown> }): void {
    if (this.path.length === 0 && tag.name !== "rss")
      this.fail(`the root element is <${tag.name}>, not <rss>`);
    this.path.push(tag.name);
    this.text = "";
    if (tag.name === "item") this.emitSite();
    if (GROUPS.has(tag.name)) this.groups.push(newGroup(tag.name));
    if (tag.name === "category" && this.groups.at(-1)?.name === "item") {
      const { domain, nicename } = tag.attributes;
      this.groups
        .at(-1)
        ?.terms.push({ domain: String(domain ?? ""), slug: String(nicename ?? ""), name: "" });
    }
  }

  addText(text: string): void {
    this.text += text;
  }

  close(name: string): void {
    this.path.pop();
    const text = this.text;
    this.text = "";
    if (GROUPS.has(name)) {
      this.closeGroup();
      return;
    }
    const group = this.groups.at(-1);
    if (!group) {
      this.channelField(name, text);
      return;
    }
    if (name === "category" && group.name === "item") {
      const term = group.terms.at(-1);
      if (term) term.name = text.trim();
      return;
    }
    group.fields[name] = text;
  }

  private channelField(name: string, text: string): void {
    if (name === "wp:wxr_version") this.version = text.trim();
    if (name === "wp:base_blog_url" || (name === "wp:base_site_url" && !this.baseUrl))
      this.baseUrl = text.trim();
    if (name === "channel") this.emitSite();
  }

  /** The site comes first: the version must be known (and supported) before any item is read. */
  private emitSite(): void {
    if (this.siteSeen) return;
    if (!this.version) this.fail("no <wp:wxr_version> before the first item");
    if (!SUPPORTED_VERSIONS.has(this.version))
      this.fail(`WXR version ${this.version} is not 1.0, 1.1 or 1.2`);
    this.siteSeen = true;
    this.ready.push({ kind: "site", version: this.version, baseUrl: this.baseUrl });
  }

  private closeGroup(): void {
    const group = this.groups.pop();
    if (!group) return;
    const parent = this.groups.at(-1);
    const f = group.fields;
    switch (group.name) {
      case "wp:postmeta":
      case "wp:commentmeta":
        if (parent?.name === "item" && group.name === "wp:postmeta")
          parent.meta[f["wp:meta_key"] ?? ""] = f["wp:meta_value"] ?? "";
        return;
      case "wp:comment":
        parent?.comments.push(toComment(f));
        return;
      case "wp:author":
        this.emitSite();
        this.ready.push(toAuthor(f));
        return;
      case "wp:category":
        this.emitSite();
        this.ready.push(toCategory(f));
        return;
      case "wp:tag":
        this.emitSite();
        this.ready.push(toTag(f));
        return;
      case "item":
        this.ready.push(toItem(group));
        return;
    }
  }

  /** After the last chunk: a file that ended before its channel closed is cut short. */
  finish(): void {
    if (!this.siteSeen) this.fail("no <channel> with a <wp:wxr_version>");
  }
}

const field = (fields: Record<string, string>, name: string) => (fields[name] ?? "").trim();

const toAuthor = (f: Record<string, string>): WxrAuthor => ({
  kind: "author",
  login: field(f, "wp:author_login"),
  email: field(f, "wp:author_email"),
  displayName: field(f, "wp:author_display_name") || field(f, "wp:author_login"),
});

const toCategory = (f: Record<string, string>): WxrCategory => ({
  kind: "category",
  termId: field(f, "wp:term_id"),
  slug: field(f, "wp:category_nicename"),
  parentSlug: field(f, "wp:category_parent"),
  name: field(f, "wp:cat_name"),
  description: field(f, "wp:category_description"),
});

const toTag = (f: Record<string, string>): WxrTag => ({
  kind: "tag",
  termId: field(f, "wp:term_id"),
  slug: field(f, "wp:tag_slug"),
  name: field(f, "wp:tag_name"),
});

const toComment = (f: Record<string, string>): WxrComment => ({
  id: field(f, "wp:comment_id"),
  author: field(f, "wp:comment_author"),
  email: field(f, "wp:comment_author_email"),
  url: field(f, "wp:comment_author_url"),
  dateGmt: field(f, "wp:comment_date_gmt"),
  content: f["wp:comment_content"] ?? "",
  approved: field(f, "wp:comment_approved"),
  type: field(f, "wp:comment_type"),
  parent: field(f, "wp:comment_parent") || "0",
});

function toItem(group: Group): WxrItem {
  const f = group.fields;
  return {
    kind: "item",
    postId: field(f, "wp:post_id"),
    title: field(f, "title"),
    link: field(f, "link"),
    guid: field(f, "guid"),
    creator: field(f, "dc:creator"),
    content: f["content:encoded"] ?? "",
    excerpt: f["excerpt:encoded"] ?? "",
    postDate: field(f, "wp:post_date"),
    postDateGmt: field(f, "wp:post_date_gmt"),
    postName: field(f, "wp:post_name"),
    status: field(f, "wp:status"),
    parent: field(f, "wp:post_parent") || "0",
    postType: field(f, "wp:post_type"),
    sticky: field(f, "wp:is_sticky") === "1",
    attachmentUrl: field(f, "wp:attachment_url"),
    terms: group.terms,
    meta: group.meta,
    comments: group.comments,
  };
}
