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
