/** Dates as readers of this site expect them: in the site's language and time zone. */
export function formatDateTime(epochMs: number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short", timeZone }).format(
    epochMs,
  );
}

export function formatDate(epochMs: number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone }).format(epochMs);
}

export const isoDate = (epochMs: number) => new Date(epochMs).toISOString();

/** "A", "A and B", "A, B and C" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
