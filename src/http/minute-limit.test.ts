import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MinuteRateLimit } from "./minute-limit.js";

const MINUTE = 60_000;
const start = 1_700_000_000_000 - (1_700_000_000_000 % MINUTE);

describe("MinuteRateLimit", () => {
  it("allows a key up to the limit within one minute, then refuses it", () => {
    const limit = new MinuteRateLimit();
    const answers = [0, 1, 2, 3].map((i) => limit.allow("reader", start + i * 1000, 3));
    assert.deepEqual(answers, [true, true, true, false]);
  });

  it("counts each key on its own", () => {
    const limit = new MinuteRateLimit();
    assert.equal(limit.allow("a", start, 1), true);
    assert.equal(limit.allow("b", start, 1), true);
    assert.equal(limit.allow("a", start + 1, 1), false);
  });

  it("starts every key afresh in the next clock minute", () => {
    const limit = new MinuteRateLimit();
    assert.equal(limit.allow("a", start + MINUTE - 1, 1), true);
    assert.equal(limit.allow("a", start + MINUTE - 1, 1), false);
    assert.equal(limit.allow("a", start + MINUTE, 1), true);
  });

  it("stays exact with far more distinct keys in a minute than any fixed table would hold", () => {
    const limit = new MinuteRateLimit();
    for (let i = 0; i < 200_000; i++) limit.allow(`reader-${i}`, start + 1, 1);
    assert.equal(limit.allow("reader-0", start + 2, 1), false);
    assert.equal(limit.allow("reader-new", start + 2, 1), true);
  });
});
