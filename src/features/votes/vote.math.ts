// Pure arithmetic behind the reader-vote widget and the vote-based rankings.
// No I/O and no clock: every input (including "now") is passed in by the caller.
// Bad arguments are programming errors, not user input, so they throw RangeError.

/** Exact vote counts; both must be non-negative safe integers. */
export interface VoteCounts {
  up: number;
  down: number;
}

/** Everything the widget prints, derived from exact counts. Percentages carry no "%" sign. */
export interface VoteSummary {
  points: number;
  total: number;
  up: number;
  down: number;
  upPercent: string;
  downPercent: string;
}

/** Default gravity of {@link hotScore}, as in Hacker News' published ranking formula. */
export const HOT_GRAVITY = 1.8;

/** z for a two-sided 95% confidence interval (the 0.975 quantile of the standard normal). */
const WILSON_Z = 1.959963984540054;

const MS_PER_HOUR = 3_600_000;

/** Scale of the six-decimal percentage: percent × 10^6. */
const SCALE = 1_000_000n;

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

function assertPartOfTotal(part: number, total: number): void {
  assertCount("part", part);
  assertCount("total", total);
  if (part > total) throw new RangeError(`part (${part}) must not exceed total (${total})`);
}

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/**
 * The widget's numbers: "41 points", "Total votes: 45", "Upvotes: 43", "Upvotes percentage: 95.555556%", ...
 *
 * Each percentage is rounded on its own from the exact integers, so the two need NOT sum to exactly
 * "100.000000": when both exact values sit on a half at the seventh decimal, both round up, e.g. 1 up and
 * 511 down give "0.195313" + "99.804688" = 100.000001. That is what the spec wants: each figure is the
 * correctly rounded value of its own ratio, never nudged to balance the other. No votes: both "0.000000".
 */
export function summarizeVotes(counts: VoteCounts): VoteSummary {
  const { up, down } = counts;
  assertCount("up", up);
  assertCount("down", down);
  const total = up + down;
  assertCount("total", total); // up + down could overflow the safe-integer range
  return {
    points: up - down,
    total,
    up,
    down,
    upPercent: percentString(up, total),
    downPercent: percentString(down, total),
  };
}

/**
 * part/total as a percentage string with exactly six decimals, rounded half-up, computed with BigInt
 * integer arithmetic only (no floating point anywhere), "0.000000" when total is 0. No "%" sign.
 *
 * q = round_half_up(part × 100 × 10^6 / total) = floor((2·part·10^8 + total) / (2·total)),
 * printed as `${q / 10^6}.${q % 10^6 padded to 6 digits}`.
 */
export function percentString(part: number, total: number): string {
  assertPartOfTotal(part, total);
  if (total === 0) return "0.000000";
  const p = BigInt(part);
  const t = BigInt(total);
  const q = (2n * p * 100n * SCALE + t) / (2n * t);
  return `${q / SCALE}.${(q % SCALE).toString().padStart(6, "0")}`;
}

/**
 * "41 points", "1 point", "0 points", "-1 point", "-3 points". Singular exactly when |points| === 1.
 * Negatives use the ASCII hyphen-minus (not U+2212) so the label round-trips through Number().
 */
export function pointsLabel(points: number): string {
  if (!Number.isSafeInteger(points)) throw new RangeError(`points must be a safe integer, got ${points}`);
  return `${points} ${Math.abs(points) === 1 ? "point" : "points"}`;
}

/**
 * Lower bound of the Wilson score interval at 95% confidence for `up` positive votes out of `total`;
 * 0 when total is 0. Ranks items by "how good are they at least, given how many votes we have seen",
 * so 10/10 outranks 1/1 even though both are 100% positive.
 *
 * With n = total, p̂ = up / n and z = 1.959963984540054:
 *
 *   lower = ( p̂ + z²/(2n) − z·√( p̂(1 − p̂)/n + z²/(4n²) ) ) / ( 1 + z²/n )
 *
 * Reference: Evan Miller, "How Not To Sort By Average Rating" (2009),
 * https://www.evanmiller.org/how-not-to-sort-by-average-rating.html
 */
export function wilsonLowerBound(up: number, total: number): number {
  assertPartOfTotal(up, total);
  // No votes → 0 by definition. No upvotes → exactly 0 mathematically (the centre equals the margin);
  // return it directly, as the floating-point formula leaves a residue of order 1e-17 of either sign.
  if (up === 0) return 0;
  const n = total;
  const phat = up / n;
  const z2 = WILSON_Z * WILSON_Z;
  const centre = phat + z2 / (2 * n);
  const margin = WILSON_Z * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  return (centre - margin) / (1 + z2 / n);
}

/**
 * A "hot" score that decays with age, in the spirit of Hacker News:
 *
 *   score = points / (ageHours + 2)^gravity
 *
 * - points: net votes (up − down); may be negative, and then the score is negative, so such items
 *   always sort below every item with zero or positive points (zero points score exactly 0).
 * - ageHours: (now − publishedAt) / 3 600 000, both epoch milliseconds passed in by the caller; clamped
 *   to 0 so clock skew (now < publishedAt) never yields a negative age or a boost above a fresh item.
 * - + 2: keeps brand-new items from dividing by ~0 and smooths the first couple of hours.
 * - gravity: how fast scores decay ({@link HOT_GRAVITY} = 1.8 by default); must be positive.
 *   Higher gravity makes age dominate sooner.
 */
export function hotScore(input: {
  points: number;
  publishedAt: number;
  now: number;
  gravity?: number;
}): number {
  const { points, publishedAt, now, gravity = HOT_GRAVITY } = input;
  assertFinite("points", points);
  assertFinite("publishedAt", publishedAt);
  assertFinite("now", now);
  assertFinite("gravity", gravity);
  if (gravity <= 0) throw new RangeError(`gravity must be positive, got ${gravity}`);
  const ageHours = Math.max(0, now - publishedAt) / MS_PER_HOUR;
  return points / (ageHours + 2) ** gravity;
}
