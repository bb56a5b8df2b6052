import { badRequest } from "../../core/errors.js";

export interface Redirect {
  id: number;
  fromPath: string;
  toUrl: string;
  createdAt: number;
}

const MAX_LENGTH = 600;
// Parsed against a throwaway origin: only the path and query of what staff type or a request asks for count.
const BASE = "http://redirect.invalid";

/**
 * One spelling per old address, so a stored redirect matches however the request writes it: the path
 * of a full URL, a trailing slash on anything that is not a file name, and the query as given.
 * Undefined when the input is not a path or URL at all.
 */
export function normaliseFromPath(input: string): string | undefined {
  const trimmed = input.trim();
  if (!trimmed.startsWith("/") && !/^https?:\/\//i.test(trimmed)) return undefined;
  if (trimmed.startsWith("//")) return undefined;
  const url = new URL(trimmed, BASE);
  const lastSegment = url.pathname.split("/").pop() ?? "";
  const path = url.pathname.endsWith("/") || lastSegment.includes(".") ? url.pathname : `${url.pathname}/`;
  return `${path}${url.search}`;
}

/** The old address, checked: staff type it on a form, the import derives it from an export. */
export function checkedFromPath(input: string): string {
  const path = normaliseFromPath(input);
  if (!path || path.length > MAX_LENGTH) {
    throw badRequest(
      `"From" must be a path on this site, like /2019/05/old-post/ (at most ${MAX_LENGTH} characters).`,
    ).about("fromPath");
  }
  if (path === "/") throw badRequest('"From" cannot be the home page.').about("fromPath");
  if (path.startsWith("/admin/") || path.startsWith("/api/")) {
    throw badRequest('"From" cannot be in the staff area or the API.').about("fromPath");
  }
  return path;
}

/** Where to send readers: a path on this site or an absolute http(s) URL, never a scheme-relative one. */
export function checkedToUrl(input: string): string {
  const target = input.trim();
  const isLocal = target.startsWith("/") && !target.startsWith("//");
  const isAbsolute = /^https?:\/\/[^/\s]+/i.test(target) && URL.canParse(target);
  if ((!isLocal && !isAbsolute) || target.length > MAX_LENGTH || /\s/.test(target)) {
    throw badRequest(
      `"To" must be a path on this site (/about/) or a full http(s) URL (at most ${MAX_LENGTH} characters).`,
    ).about("toUrl");
  }
  return target;
}
