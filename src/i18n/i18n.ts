import type { Words } from "../core/errors.js";
import { dateFormat, dateTimeFormat } from "../views/format.js";
import type { Child } from "../views/jsx.js";
import type { Catalog, MessageKey, PluralKey, PluralMessage } from "./catalog.js";
import { languageOf, type SiteLocale } from "./locales.js";
import { de } from "./messages/de.js";
import { en } from "./messages/en.js";
import { es } from "./messages/es.js";
import { fr } from "./messages/fr.js";

export const CATALOGS: Readonly<Record<ReturnType<typeof languageOf>, Catalog>> = { en, de, fr, es };

type Values = Readonly<Record<string, string | number>>;
/** A plural message needs its count; any other takes optional values. */
type ValuesFor<K extends MessageKey> = K extends PluralKey
  ? [values: Values & { count: number }]
  : [values?: Values];
type RichValuesFor<K extends MessageKey> = K extends PluralKey
  ? [values: Readonly<Record<string, Child>> & { count: number }]
  : [values: Readonly<Record<string, Child>>];

/**
 * Everything a public view needs to speak the site's language, built once per settings load
 * (it lives on the page chrome), so a page view pays no more than a lookup per string.
 */
export interface I18n {
  readonly locale: SiteLocale;
  /** The message as plain text, `{name}` placeholders filled (numbers formatted for the locale). */
  t<K extends MessageKey>(key: K, ...values: ValuesFor<K>): string;
  /** The message with elements in its placeholders (a link in "By {authors}"), for JSX to render. */
  rich<K extends MessageKey>(key: K, ...values: RichValuesFor<K>): Child[];
  dateTime(epochMs: number): string;
  date(epochMs: number): string;
  number(value: number): string;
  /** "A, B and C" in the site's language; the items may be elements. */
  list(items: readonly Child[]): Child[];
  /** An error's or form problem's message in the site's language when it has catalog words, else as it is. */
  say(said: { readonly message: string; readonly words?: Words | undefined }): string;
  /** A plural message's forms, for a script that words counts it gets later (in a data- attribute). */
  pluralForms(key: PluralKey): PluralMessage;
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function createI18n(locale: SiteLocale, timeZone: string): I18n {
  const catalog = CATALOGS[languageOf(locale)];
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dateTimes = dateTimeFormat(locale, timeZone);
  const dates = dateFormat(locale, timeZone);
  const lists = new Intl.ListFormat(locale, { type: "conjunction" });

  const pattern = (key: MessageKey, count: unknown): string => {
    const message = catalog[key];
    if (typeof message === "string") return message;
    return message[plurals.select(Number(count))] ?? message.other;
  };
  const text = (value: string | number) => (typeof value === "number" ? numbers.format(value) : value);

  const t: I18n["t"] = (key, ...[values]) =>
    pattern(key, values?.count).replace(PLACEHOLDER, (whole, name: string) => {
      const value = values?.[name];
      return value === undefined ? whole : text(value);
    });

  return {
    locale,
    t,
    rich(key, ...[values]) {
      // split() with a capturing group puts the placeholder names at the odd positions.
      return pattern(key, values.count)
        .split(/\{(\w+)\}/)
        .map((part, index) => {
          if (index % 2 === 0) return part;
          const value = values[part];
          if (value === undefined) return `{${part}}`;
          return typeof value === "number" ? numbers.format(value) : value;
        });
    },
    dateTime: (epochMs) => dateTimes.format(epochMs),
    date: (epochMs) => dates.format(epochMs),
    number: (value) => numbers.format(value),
    pluralForms: (key) => catalog[key],
    // Words come from readerError, which takes no plural keys.
    say: (said) =>
      said.words ? t(said.words.key as Exclude<MessageKey, PluralKey>, said.words.values) : said.message,
    list(items) {
      const parts = lists.formatToParts(items.map((_, index) => String(index)));
      return parts.map((part) => (part.type === "element" ? items[Number(part.value)] : part.value));
    },
  };
}
