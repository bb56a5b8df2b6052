import type { MessageKey } from "../../i18n/catalog.js";
import type { Money } from "./money.js";

export interface Reward {
  id: number;
  name: string;
  description: string;
  imageUrl: string;
  physical: boolean;
  /** ISO 3166 codes a physical reward ships to. */
  shipCountries: string[];
  /** Units left; null for no limit. */
  stock: number | null;
  active: boolean;
  /** The smallest gift that earns it, per currency (minor units); no entry: not offered in that currency. */
  minimums: Record<string, number>;
}

export interface Campaign {
  id: number;
  title: string;
  description: string;
  goal: Money;
  startsAt: number;
  endsAt: number;
}

export interface CampaignProgress {
  /** Net of refunds, in the goal's currency (gifts in other currencies are not converted). */
  raised: number;
  donors: number;
}

export type RewardProblem = "not-offered" | "below-minimum" | "sold-out";

export const REWARD_PROBLEMS = {
  "not-offered": "problem.reward.not-offered",
  "below-minimum": "problem.reward.below-minimum",
  "sold-out": "problem.reward.sold-out",
} as const satisfies Record<RewardProblem, MessageKey>;

/** Why this gift cannot come with this reward, or undefined when it can. Decided on the server only. */
export function rewardProblem(reward: Reward, gift: Money): RewardProblem | undefined {
  const minimum = reward.minimums[gift.currency];
  if (!reward.active || minimum === undefined) return "not-offered";
  if (gift.amount < minimum) return "below-minimum";
  if (reward.stock !== null && reward.stock <= 0) return "sold-out";
  return undefined;
}

/** Whether readers can choose the reward with a gift in some currency of the allow-list. */
export const offeredIn = (reward: Reward, currencies: readonly string[]) =>
  reward.active && currencies.some((currency) => reward.minimums[currency] !== undefined);

/** A whole-number percentage for the progress bar, capped at 100. */
export const progressPercent = (progress: CampaignProgress, goal: Money) =>
  Math.min(100, Math.floor((progress.raised * 100) / goal.amount));
