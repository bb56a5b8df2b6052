import type { en } from "./messages/en.js";

/**
 * A message that depends on a count: one text per plural category the language has
 * (`Intl.PluralRules`: en and de use one/other, fr and es add many for 1,000,000 and up).
 * `other` is always there; `{count}` is replaced by the count, formatted for the locale.
 */
export type PluralMessage = { readonly other: string } & {
  readonly [category in Exclude<Intl.LDMLPluralRule, "other">]?: string;
};

/** Plain text with `{name}` placeholders; never HTML (the JSX renderer escapes whatever is put in). */
export type Message = string | PluralMessage;

export type MessageKey = keyof typeof en;

/** The shape every language's catalog has: exactly English's keys, a plural wherever English has one. */
export type Catalog = {
  readonly [K in MessageKey]: (typeof en)[K] extends string ? string : PluralMessage;
};

export type PluralKey = { [K in MessageKey]: (typeof en)[K] extends string ? never : K }[MessageKey];
