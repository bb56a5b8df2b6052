/** What a WordPress eXtended RSS (WXR 1.0–1.2) export holds, as the reader hands it over. */

export interface WxrSite {
  kind: "site";
  version: string;
  /** The old site's address (wp:base_blog_url), for recognising its own links. */
  baseUrl: string;
}

export interface WxrAuthor {
  kind: "author";
  login: string;
  email: string;
  displayName: string;
}

export interface WxrCategory {
  kind: "category";
  termId: string;
  slug: string;
  /** The parent's slug ("" at the top). */
  parentSlug: string;
  name: string;
  description: string;
}

export interface WxrTag {
  kind: "tag";
  termId: string;
  slug: string;
  name: string;
}

export interface WxrComment {
  id: string;
  author: string;
  email: string;
  url: string;
  dateGmt: string;
  content: string;
  /** "1", "0", "spam", "trash". */
  approved: string;
  /** "", "comment", "pingback", "trackback". */
  type: string;
  /** "0" for a top-level comment. */
  parent: string;
}

export interface WxrTerm {
  domain: string;
  slug: string;
  name: string;
}

export interface WxrItem {
  kind: "item";
  postId: string;
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  postDate: string;
  postDateGmt: string;
  postName: string;
  status: string;
  parent: string;
  postType: string;
  sticky: boolean;
  attachmentUrl: string;
  terms: WxrTerm[];
  meta: Record<string, string>;
  comments: WxrComment[];
}

export type WxrEntry = WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrItem;

/** A file that is not a readable WXR export; the message says what and where. */
export class WxrError extends Error {}
