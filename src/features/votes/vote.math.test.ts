import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  HOT_GRAVITY,
  hotScore,
  percentString,
  pointsLabel,
  summarizeVotes,
  wilsonLowerBound,
} from "./vote.math.js";

const HOUR = 3_600_000;
const Z = 1.959963984540054;

/** mulberry32: a tiny seeded PRNG, so the "random" cases are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent reference for percentString: schoolbook long division of part·100 by total, digit by digit,
 * to seven decimals, then half-up on the seventh digit with a carry over the decimal string.
 * Uses plain Numbers (all intermediates stay far below 2^53 for the totals tested) — no BigInt.
 */
function referencePercent(part: number, total: number): string {
  if (total === 0) return "0.000000";
  const numerator = part * 100;
  let intPart = Math.floor(numerator / total);
  let rem = numerator % total;
  const digits: number[] = [];
  for (let i = 0; i < 7; i++) {
    rem *= 10;
    digits.push(Math.floor(rem / total));
    rem %= total;
  }
  const seventh = digits.pop() ?? 0;
  if (seventh >= 5) {
    let i = digits.length - 1;
    for (; i >= 0; i--) {
      const d = (digits[i] ?? 0) + 1;
      if (d < 10) {
        digits[i] = d;
        break;
      }
      digits[i] = 0;
    }
    if (i < 0) intPart += 1;
  }
  return `${intPart}.${digits.join("")}`;
}

/** Wilson lower bound in its other closed form: (2k + z² − z·√(z² + 4k(n−k)/n)) / (2(n + z²)). */
function referenceWilson(up: number, total: number): number {
  const z2 = Z * Z;
  return (2 * up + z2 - Z * Math.sqrt(z2 + (4 * up * (total - up)) / total)) / (2 * (total + z2));
}

describe("summarizeVotes", () => {
  it("gives the widget's reference numbers for 43 up, 2 down", () => {
    assert.deepEqual(summarizeVotes({ up: 43, down: 2 }), {
      points: 41,
      total: 45,
      up: 43,
      down: 2,
      upPercent: "95.555556",
      downPercent: "4.444444",
    });
    assert.equal(pointsLabel(summarizeVotes({ up: 43, down: 2 }).points), "41 points");
  });

  it("shows zero percentages and zero points with no votes", () => {
    assert.deepEqual(summarizeVotes({ up: 0, down: 0 }), {
      points: 0,
      total: 0,
      up: 0,
      down: 0,
      upPercent: "0.000000",
      downPercent: "0.000000",
    });
  });

  it("allows negative points", () => {
    const s = summarizeVotes({ up: 1, down: 4 });
    assert.equal(s.points, -3);
    assert.equal(s.upPercent, "20.000000");
    assert.equal(s.downPercent, "80.000000");
  });

  it("rounds each percentage on its own, so the pair may sum to 100.000001", () => {
    const s = summarizeVotes({ up: 1, down: 511 });
    assert.equal(s.upPercent, "0.195313");
    assert.equal(s.downPercent, "99.804688");
  });

  it("rejects bad counts with RangeError", () => {
    for (const counts of [
      { up: -1, down: 0 },
      { up: 0, down: -1 },
      { up: 1.5, down: 0 },
      { up: 0, down: Number.NaN },
      { up: Number.POSITIVE_INFINITY, down: 0 },
      { up: Number.MAX_SAFE_INTEGER, down: 1 },
    ]) {
      assert.throws(() => summarizeVotes(counts), RangeError, JSON.stringify(counts));
    }
  });
});

describe("pointsLabel", () => {
  it("is singular only when |points| is 1, with an ASCII minus for negatives", () => {
    assert.equal(pointsLabel(41), "41 points");
    assert.equal(pointsLabel(1), "1 point");
    assert.equal(pointsLabel(0), "0 points");
    assert.equal(pointsLabel(-1), "-1 point");
    assert.equal(pointsLabel(-3), "-3 points");
    assert.equal(pointsLabel(2), "2 points");
  });

  it("round-trips the number through Number()", () => {
    for (const n of [-1000, -3, -1, 0, 1, 7, 123456]) {
      assert.equal(Number(pointsLabel(n).split(" ")[0]), n);
    }
  });

  it("rejects non-integers with RangeError", () => {
    assert.throws(() => pointsLabel(1.5), RangeError);
    assert.throws(() => pointsLabel(Number.NaN), RangeError);
  });
});

describe("percentString", () => {
  const table: [number, number, string][] = [
    [43, 45, "95.555556"],
    [2, 45, "4.444444"],
    [1, 3, "33.333333"],
    [2, 3, "66.666667"],
    [1, 8, "12.500000"],
    [1, 1, "100.000000"],
    [0, 0, "0.000000"],
    [0, 7, "0.000000"],
    [1, 16, "6.250000"],
    [1, 3_200_000, "0.000031"], // 0.00003125: seventh decimal 2 → down
    [1, 6_400_000, "0.000016"], // 0.000015625: seventh decimal 5 → half-up
    [1, 512, "0.195313"], // 0.1953125 exactly: a true half → up
    [511, 512, "99.804688"], // 99.8046875 exactly: a true half → up
    [1, 200_000_000, "0.000001"], // 0.0000005 exactly → up
    [1, 200_000_001, "0.000000"], // just under the half → down
    [199_999_999, 200_000_000, "100.000000"], // 99.9999995 → carries into the integer part
  ];
  for (const [part, total, expected] of table) {
    it(`${part}/${total} → ${expected}`, () => {
      assert.equal(percentString(part, total), expected);
      assert.equal(referencePercent(part, total), expected); // the reference agrees with the table too
    });
  }

  it("handles large counts exactly", () => {
    assert.equal(percentString(123_456_789, 987_654_321), referencePercent(123_456_789, 987_654_321));
    assert.equal(percentString(123_456_789, 987_654_321), "12.500000"); // 12.4999998860…
    assert.equal(percentString(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER), "100.000000");
    assert.equal(percentString(1, Number.MAX_SAFE_INTEGER), "0.000000");
  });

  it("matches a long-division reference on 200 seeded random pairs", () => {
    const random = mulberry32(0x5eed_1234);
    for (let i = 0; i < 200; i++) {
      // Mix small totals (where ties and carries are common) with large ones up to 2^31.
      const total = i % 2 === 0 ? 1 + Math.floor(random() * 1000) : 1 + Math.floor(random() * 2 ** 31);
      const part = Math.floor(random() * (total + 1));
      assert.equal(percentString(part, total), referencePercent(part, total), `${part}/${total}`);
    }
  });

  it("always prints exactly six decimals", () => {
    for (const [part, total] of [
      [0, 1],
      [1, 7],
      [5, 9],
      [9, 9],
    ] as const) {
      assert.match(percentString(part, total), /^\d{1,3}\.\d{6}$/);
    }
  });

  it("rejects bad input with RangeError", () => {
    for (const [part, total] of [
      [-1, 5],
      [1, -5],
      [0.5, 5],
      [1, 5.5],
      [6, 5],
      [1, 0],
      [Number.NaN, 5],
      [1, Number.POSITIVE_INFINITY],
      [0, Number.MAX_SAFE_INTEGER + 1],
    ] as const) {
      assert.throws(() => percentString(part, total), RangeError, `${part}/${total}`);
    }
  });
});

describe("wilsonLowerBound", () => {
  it("is 0 with no votes, and 0 with no upvotes", () => {
    assert.equal(wilsonLowerBound(0, 0), 0);
    assert.equal(wilsonLowerBound(0, 1), 0);
    assert.equal(wilsonLowerBound(0, 1000), 0);
  });

  it("matches known values", () => {
    assert.ok(Math.abs(wilsonLowerBound(1, 1) - 0.2065) < 1e-4, String(wilsonLowerBound(1, 1)));
    for (const [up, total] of [
      [1, 1],
      [43, 45],
      [1, 2],
      [500, 1000],
      [999, 1000],
      [3, 17],
    ] as const) {
      assert.ok(
        Math.abs(wilsonLowerBound(up, total) - referenceWilson(up, total)) < 1e-12,
        `${up}/${total}: ${wilsonLowerBound(up, total)} vs ${referenceWilson(up, total)}`,
      );
    }
  });

  it("stays within [0, p̂]", () => {
    for (let total = 1; total <= 60; total++) {
      for (let up = 0; up <= total; up++) {
        const lb = wilsonLowerBound(up, total);
        assert.ok(lb >= 0 && lb <= up / total, `${up}/${total}: ${lb}`);
      }
    }
  });

  it("never drops when upvotes rise at the same total", () => {
    for (const total of [1, 2, 5, 45, 100, 1000]) {
      let previous = -1;
      for (let up = 0; up <= total; up++) {
        const lb = wilsonLowerBound(up, total);
        assert.ok(lb >= previous, `${up}/${total}: ${lb} < ${previous}`);
        previous = lb;
      }
    }
  });

  it("ranks 10/10 above 1/1", () => {
    assert.ok(wilsonLowerBound(10, 10) > wilsonLowerBound(1, 1));
  });

  it("rejects bad input with RangeError", () => {
    assert.throws(() => wilsonLowerBound(2, 1), RangeError);
    assert.throws(() => wilsonLowerBound(-1, 1), RangeError);
    assert.throws(() => wilsonLowerBound(0.5, 1), RangeError);
    assert.throws(() => wilsonLowerBound(1, Number.NaN), RangeError);
  });
});

describe("hotScore", () => {
  const now = Date.UTC(2024, 5, 1, 12);

  it("uses a gravity of 1.8 by default", () => {
    assert.equal(HOT_GRAVITY, 1.8);
    const explicit = hotScore({ points: 10, publishedAt: now - 5 * HOUR, now, gravity: 1.8 });
    assert.equal(hotScore({ points: 10, publishedAt: now - 5 * HOUR, now }), explicit);
    assert.ok(Math.abs(explicit - 10 / 7 ** 1.8) < 1e-12);
  });

  it("prefers newer items at equal points", () => {
    const newer = hotScore({ points: 20, publishedAt: now - 1 * HOUR, now });
    const older = hotScore({ points: 20, publishedAt: now - 10 * HOUR, now });
    assert.ok(newer > older);
  });

  it("prefers more points at equal age", () => {
    const more = hotScore({ points: 21, publishedAt: now - 3 * HOUR, now });
    const fewer = hotScore({ points: 20, publishedAt: now - 3 * HOUR, now });
    assert.ok(more > fewer);
  });

  it("scores zero points as 0 and sorts negative points below zero", () => {
    assert.equal(hotScore({ points: 0, publishedAt: now - HOUR, now }), 0);
    const negative = hotScore({ points: -1, publishedAt: now - 1000 * HOUR, now });
    assert.ok(negative < 0);
    assert.ok(negative < hotScore({ points: 0, publishedAt: now, now }));
    assert.ok(negative < hotScore({ points: 1, publishedAt: now - 10_000 * HOUR, now }));
  });

  it("treats a future publishedAt (clock skew) as age 0", () => {
    const fresh = hotScore({ points: 5, publishedAt: now, now });
    const skewed = hotScore({ points: 5, publishedAt: now + 2 * HOUR, now });
    assert.equal(skewed, fresh);
    assert.equal(fresh, 5 / 2 ** HOT_GRAVITY);
  });

  it("decays faster with a higher gravity", () => {
    const input = { points: 10, publishedAt: now - 24 * HOUR, now };
    assert.ok(hotScore({ ...input, gravity: 2.5 }) < hotScore({ ...input, gravity: 1.8 }));
  });

  it("rejects bad input with RangeError", () => {
    assert.throws(() => hotScore({ points: Number.NaN, publishedAt: now, now }), RangeError);
    assert.throws(() => hotScore({ points: 1, publishedAt: Number.POSITIVE_INFINITY, now }), RangeError);
    assert.throws(() => hotScore({ points: 1, publishedAt: now, now: Number.NaN }), RangeError);
    assert.throws(() => hotScore({ points: 1, publishedAt: now, now, gravity: 0 }), RangeError);
    assert.throws(() => hotScore({ points: 1, publishedAt: now, now, gravity: -1 }), RangeError);
  });
});
