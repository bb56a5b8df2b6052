import type { MessageKey } from "../../i18n/catalog.js";

/**
 * Money is an integer count of the currency's minor unit (cents) plus its ISO 4217 code; it is never
 * a float. Amounts typed by readers are parsed here, digit by digit.
 */
export interface Money {
  amount: number;
  currency: string;
}

const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export const isKnownCurrency = (code: string) => knownCurrencies.has(code);

/** How many decimals the currency's minor unit has: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** Whole units (as in settings and presets) to minor units. */
export const fromMajor = (major: number, currency: string) => major * 10 ** minorDigits(currency);

export type AmountProblem = "not-a-number" | "not-positive" | "too-precise" | "too-large";

export const AMOUNT_PROBLEMS = {
  "not-a-number": "problem.amount.not-a-number",
  "not-positive": "problem.amount.not-positive",
  "too-precise": "problem.amount.too-precise",
  "too-large": "problem.amount.too-large",
} as const satisfies Record<AmountProblem, MessageKey>;

/**
 * "20", "20.5", "20,50" → minor units of the currency, or why not. `maximum` is in minor units.
 * A minus sign, exponent or any other character is "not a number": nothing is guessed.
 */
export function parseAmount(
  text: string,
  currency: string,
  maximum: number,
): { ok: true; amount: number } | { ok: false; problem: AmountProblem } {
  const match = /^\s*([0-9]{1,12})(?:[.,]([0-9]{1,12}))?\s*$/.exec(text);
  if (!match?.[1]) return { ok: false, problem: "not-a-number" };
  const digits = minorDigits(currency);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) return { ok: false, problem: "too-precise" };
  const amount = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (amount <= 0) return { ok: false, problem: "not-positive" };
  if (amount > maximum) return { ok: false, problem: "too-large" };
  return { ok: true, amount };
}

/** "€20", "€20.50" in English, "20,50 €" in German: whole amounts drop their zero decimals. */
export function formatMoney(money: Money, language: string): string {
  const digits = minorDigits(money.currency);
  const whole = money.amount % 10 ** digits === 0;
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(money.amount / 10 ** digits);
}

/** The amount as a plain decimal string for forms and CSV ("20.50"), exact for any integer. */
export function decimalAmount(money: Money): string {
  const digits = minorDigits(money.currency);
  if (digits === 0) return String(money.amount);
  const text = String(Math.abs(money.amount)).padStart(digits + 1, "0");
  const sign = money.amount < 0 ? "-" : "";
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The site's allowed currencies from settings ("EUR,USD"), first one the default; unknown codes dropped. */
export function allowedCurrencies(setting: string): string[] {
  const codes = setting.split(",").filter(isKnownCurrency);
  return codes.length > 0 ? codes : ["EUR"];
}
