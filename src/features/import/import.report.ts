/** What one import did, per kind of item; printed at the end and written as JSON with --report. */
export interface KindCounts {
  imported: number;
  updated: number;
  unchanged: number;
  /** Reason → how many. */
  skipped: Record<string, number>;
}

export const IMPORT_KINDS = [
  "authors",
  "categories",
  "tags",
  "posts",
  "pages",
  "attachments",
  "comments",
  "legacyVoteTallies",
  "redirects",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportReport {
  file: string;
  dryRun: boolean;
  wxrVersion: string;
  counts: Record<ImportKind, KindCounts>;
  /** Shortcode name → posts where it was kept as text. */
  unknownShortcodes: Record<string, number>;
  /** Upload URLs kept pointing at the old site (no --uploads given, or the file was not there). */
  mediaKeptAtOriginalUrl: string[];
  /** With --uploads: upload URLs whose file was not in the folder (or was not an image). */
  missingMedia: string[];
  /** "post 12: attachment 40" for featured images whose attachment was not in the export before the post. */
  featuredImagesMissing: string[];
  /** `--authors staff`: each new account's one-time set-password link (valid 24 hours). */
  passwordLinks: { email: string; link: string }[];
  /** Sticky posts (Masthead has no pinning; listed so staff can feature them by hand). */
  stickyPosts: string[];
}

export function emptyReport(file: string, dryRun: boolean): ImportReport {
  const counts = Object.fromEntries(
    IMPORT_KINDS.map((kind) => [kind, { imported: 0, updated: 0, unchanged: 0, skipped: {} }]),
  ) as Record<ImportKind, KindCounts>;
  return {
    file,
    dryRun,
    wxrVersion: "",
    counts,
    unknownShortcodes: {},
    mediaKeptAtOriginalUrl: [],
    missingMedia: [],
    passwordLinks: [],
    featuredImagesMissing: [],
    stickyPosts: [],
  };
}

export function countSkip(report: ImportReport, kind: ImportKind, reason: string): void {
  const skipped = report.counts[kind].skipped;
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

const LIST_LIMIT = 20;

/** The report as lines for the terminal (the JSON file has every entry of every list). */
export function reportLines(report: ImportReport): string[] {
  const lines = [
    report.dryRun ? "Dry run: nothing was written. It would have done this:" : "Import finished:",
  ];
  for (const kind of IMPORT_KINDS) {
    const { imported, updated, unchanged, skipped } = report.counts[kind];
    const skips = Object.entries(skipped).map(([reason, count]) => `${count} ${reason}`);
    const skipText = skips.length ? `; skipped ${skips.join(", ")}` : "";
    lines.push(`  ${kind}: ${imported} new, ${updated} updated, ${unchanged} unchanged${skipText}`);
  }
  const listed = (title: string, items: string[], limit = LIST_LIMIT) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) lines.push(`  ${item}`);
    if (items.length > limit) lines.push(`  … and ${items.length - limit} more (see --report)`);
  };
  listed(
    "Unknown shortcodes kept as text",
    Object.entries(report.unknownShortcodes).map(([name, posts]) => `[${name}] in ${posts} post(s)`),
  );
  listed("Media kept at the old site's URL", report.mediaKeptAtOriginalUrl);
  listed("Missing from --uploads", report.missingMedia);
  listed("Featured images not found", report.featuredImagesMissing);
  listed("Sticky posts (feature them by hand)", report.stickyPosts);
  listed(
    "Set-password links for the new staff accounts (once, within 24 hours)",
    report.passwordLinks.map(({ email, link }) => `${email}: ${link}`),
    // Every one: they are shown nowhere else.
    Number.POSITIVE_INFINITY,
  );
  return lines;
}
