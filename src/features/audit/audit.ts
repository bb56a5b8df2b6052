/** One recorded staff action. */
export interface AuditEntry {
  id: number;
  at: number;
  staffId: number | null;
  actor: string;
  area: string;
  action: string;
  target: string;
  details: AuditDetails;
}

export interface AuditDetails {
  /** The form fields sent, secrets redacted and long values cut. */
  fields?: Record<string, string>;
  /** The fields that matter before and after the change, where the feature recorded them. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  status?: number;
}

export type NewAuditEntry = Omit<AuditEntry, "id"> & { ipHash: string | null };

export interface AuditFilter {
  staffId?: number;
  area?: string;
  from?: number;
  to?: number;
}

/** Field names whose values are never stored, whatever form they come from. */
const SECRET_FIELD = /pass|token|secret|_csrf|key/i;
/** Pasted files (a subscriber import's CSV): readers' addresses stay out of the log; their size is kept. */
const FILE_FIELD = /csv$/i;
const LONGEST_VALUE = 300;

/** The fields of a form body worth keeping: secrets redacted, long values (article bodies) cut. */
export function auditedFields(body: unknown): Record<string, string> | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === "_csrf") continue;
    const text = Array.isArray(value) ? value.map(String).join(", ") : String(value);
    if (SECRET_FIELD.test(name)) fields[name] = "[redacted]";
    else if (FILE_FIELD.test(name)) fields[name] = `[${text.split("\n").length} lines, not kept]`;
    else
      fields[name] =
        text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE)}… (${text.length} characters)` : text;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** "/admin/articles/12/publish" → "articles". */
export const areaOf = (path: string) => /^\/admin\/([a-z-]+)/.exec(path)?.[1] ?? "admin";

/** The route's parameters as "id=12, slug=x", or the path itself when it has none. */
export function targetOf(params: unknown, path: string): string {
  if (!params || typeof params !== "object") return path;
  const pairs = Object.entries(params).map(([name, value]) => `${name}=${String(value)}`);
  return pairs.length > 0 ? pairs.join(", ") : path.replace(/\?.*$/, "");
}
