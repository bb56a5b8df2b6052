/** How dates are written for readers: a long date and time on articles, a shorter date on lists. */
export const dateTimeFormat = (language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short", timeZone });
export const dateFormat = (language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone });

/** Dates as readers of this site expect them: in the site's language and time zone. */
export function formatDateTime(epochMs: number, language: string, timeZone: string): string {
  return dateTimeFormat(language, timeZone).format(epochMs);
}

export function formatDate(epochMs: number, language: string, timeZone: string): string {
  return dateFormat(language, timeZone).format(epochMs);
}

export const isoDate = (epochMs: number) => new Date(epochMs).toISOString();

/** "A", "A and B", "A, B and C"; public pages use `chrome.i18n.list`, which speaks the site's language. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
