/** The languages whose messages ship with Masthead; English is the source the others follow. */
export const LANGUAGES = ["en", "de", "fr", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What a site may choose in Settings: a shipped language, or one of its regional variants, which
 * keeps the language's messages but formats dates and numbers the region's way (de-CH: "1'234").
 */
export const SITE_LOCALES = [
  "en",
  "en-GB",
  "de",
  "de-AT",
  "de-CH",
  "fr",
  "fr-BE",
  "fr-CA",
  "fr-CH",
  "es",
  "es-MX",
] as const;
export type SiteLocale = (typeof SITE_LOCALES)[number];

/** "de-CH" → "de": whose messages a locale reads. */
export const languageOf = (locale: SiteLocale): Language => locale.split("-")[0] as Language;

/** Each choice as the settings form names it, in its own language. */
export function localeName(locale: SiteLocale): string {
  return new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
}
