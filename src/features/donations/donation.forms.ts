import { zonedLocalToEpoch } from "../../core/time.js";
import type { CampaignInput, RewardInput } from "./donation.repository.js";
import { decimalAmount, isKnownCurrency, parseAmount } from "./money.js";

/** The largest reward minimum or campaign goal staff may set, in minor units (Stripe's own cap). */
const MAX_STAFF_AMOUNT = 99_999_999;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "EUR 20, USD 25" → { EUR: 2000, USD: 2500 }. */
export function parseMinimums(text: string): Parsed<Record<string, number>> {
  const minimums: Record<string, number> = {};
  for (const item of text
    .split(/[\n;]+|,(?=\s*[A-Za-z])/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{3})\s+(\S+)$/.exec(item);
    if (!match?.[1] || !match[2] || !isKnownCurrency(match[1])) {
      return {
        ok: false,
        error: `Minimums: write each as a currency code and an amount, such as "EUR 20" (not "${item}").`,
      };
    }
    const amount = parseAmount(match[2], match[1], MAX_STAFF_AMOUNT);
    if (!amount.ok)
      return { ok: false, error: `Minimums: "${item}" is not a positive amount in ${match[1]}.` };
    minimums[match[1]] = amount.amount;
  }
  if (Object.keys(minimums).length === 0)
    return { ok: false, error: "Minimums: give at least one, such as EUR 20." };
  return { ok: true, value: minimums };
}

export const minimumsText = (minimums: Record<string, number>) =>
  Object.entries(minimums)
    .map(([currency, amount]) => `${currency} ${decimalAmount({ amount, currency })}`)
    .join(", ");

/** "de, FR AT" → ["DE", "FR", "AT"]. */
export function parseCountries(text: string): Parsed<string[]> {
  const codes = text
    .toUpperCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const bad = codes.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad) return { ok: false, error: `Ships to: "${bad}" is not a two-letter country code.` };
  return { ok: true, value: [...new Set(codes)] };
}

export interface RewardForm {
  name: string;
  description: string;
  imageUrl: string;
  physical?: "1" | undefined;
  shipCountries: string;
  stock: string;
  active?: "1" | undefined;
  minimums: string;
}

export function rewardFromForm(form: RewardForm): Parsed<RewardInput> {
  const minimums = parseMinimums(form.minimums);
  if (!minimums.ok) return minimums;
  const countries = parseCountries(form.shipCountries);
  if (!countries.ok) return countries;
  const physical = form.physical === "1";
  if (physical && countries.value.length === 0) {
    return { ok: false, error: "Ships to: a physical reward needs at least one country." };
  }
  const stockText = form.stock.trim();
  if (stockText !== "" && !/^[0-9]{1,7}$/.test(stockText)) {
    return { ok: false, error: "Stock: a whole number, or empty for no limit." };
  }
  return {
    ok: true,
    value: {
      name: form.name.trim(),
      description: form.description.trim(),
      imageUrl: form.imageUrl.trim(),
      physical,
      shipCountries: physical ? countries.value : [],
      stock: stockText === "" ? null : Number(stockText),
      active: form.active === "1",
      minimums: minimums.value,
    },
  };
}

export interface CampaignForm {
  title: string;
  description: string;
  goal: string;
  currency: string;
  startsAt: string;
  endsAt: string;
}

export function campaignFromForm(form: CampaignForm, timeZone: string): Parsed<CampaignInput> {
  if (!isKnownCurrency(form.currency)) return { ok: false, error: "Goal currency: an ISO code such as EUR." };
  const goal = parseAmount(form.goal, form.currency, MAX_STAFF_AMOUNT);
  if (!goal.ok) return { ok: false, error: "Goal: a positive amount, such as 10000." };
  const startsAt = zonedLocalToEpoch(form.startsAt, timeZone);
  const endsAt = zonedLocalToEpoch(form.endsAt, timeZone);
  if (startsAt === null || endsAt === null) return { ok: false, error: "Dates: give a start and an end." };
  if (endsAt <= startsAt) return { ok: false, error: "Dates: the campaign must end after it starts." };
  return {
    ok: true,
    value: {
      title: form.title.trim(),
      description: form.description.trim(),
      goal: { amount: goal.amount, currency: form.currency },
      startsAt,
      endsAt,
    },
  };
}
