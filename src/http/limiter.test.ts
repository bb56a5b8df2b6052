import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it, type TestContext } from "node:test";
import Fastify from "fastify";
import { MemoryRateLimiter, type RateLimiter } from "./limiter.js";
import { RedisRateLimiter } from "./redis-limiter.js";

const MINUTE = 60_000;
const start = 1_700_000_000_000 - (1_700_000_000_000 % MINUTE);
// Fastify without a logger gives a logger that writes nothing.
const silent = Fastify().log;
const redisUrl = process.env.TEST_REDIS_URL;

async function redisLimiter(t: TestContext, url = redisUrl ?? ""): Promise<RedisRateLimiter> {
  const limiter = await RedisRateLimiter.connect(url, new MemoryRateLimiter(), silent);
  t.after(() => limiter.close());
  return limiter;
}

const kinds: [string, (t: TestContext) => Promise<RateLimiter>][] = [
  ["memory", async () => new MemoryRateLimiter()],
  ...(redisUrl ? [["Redis", redisLimiter] as [string, (t: TestContext) => Promise<RateLimiter>]] : []),
];

for (const [kind, make] of kinds) {
  describe(`the ${kind} rate limiter`, () => {
    // Shared Redis: every test counts keys of its own.
    const key = (name: string) => `${name}:${randomBytes(6).toString("hex")}`;

    it("allows a key up to its limit in one clock minute, then refuses it until the next", async (t) => {
      const limiter = await make(t);
      const reader = key("reader");
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await limiter.allow(start + i, [{ key: reader, perMinute: 3 }]));
      assert.deepEqual(answers, [true, true, true, false]);
      assert.equal(await limiter.allow(start + MINUTE, [{ key: reader, perMinute: 3 }]), true);
    });

    it("refuses when any key of a request is over, counting them all", async (t) => {
      const limiter = await make(t);
      const [address, reader, other] = [key("ip"), key("reader"), key("reader")];
      const request = (who: string) => [
        { key: address, perMinute: 2 },
        { key: who, perMinute: 5 },
      ];
      assert.equal(await limiter.allow(start, request(reader)), true);
      assert.equal(await limiter.allow(start, request(other)), true);
      assert.equal(await limiter.allow(start, request(reader)), false, "the address is over");
      // reader has now been counted twice of five, so three more single checks pass and the fourth fails.
      const alone = [{ key: reader, perMinute: 5 }];
      const more = [];
      for (let i = 0; i < 4; i++) more.push(await limiter.allow(start, alone));
      assert.deepEqual(more, [true, true, true, false]);
    });

    it("lets exactly the limit through when requests arrive at once", async (t) => {
      const limiter = await make(t);
      const burst = key("burst");
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => limiter.allow(start, [{ key: burst, perMinute: 10 }])),
      );
      assert.equal(answers.filter(Boolean).length, 10);
    });
  });
}

describe("the Redis rate limiter across instances", {
  skip: !redisUrl && "TEST_REDIS_URL is not set",
}, () => {
  it("shares one count between two instances", async (t) => {
    const [a, b] = [await redisLimiter(t), await redisLimiter(t)];
    const shared = [{ key: `shared:${randomBytes(6).toString("hex")}`, perMinute: 4 }];
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await (i % 2 ? a : b).allow(start, shared));
    assert.deepEqual(answers, [true, true, true, true, false, false]);
    assert.equal(await a.isReachable(), true);
  });

  it("counts in memory while Redis cannot be reached, so requests are still limited, not refused", async (t) => {
    const limiter = await redisLimiter(t, "redis://127.0.0.1:1");
    assert.equal(await limiter.isReachable(), false);
    const check = [{ key: "down", perMinute: 2 }];
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await limiter.allow(start, check));
    assert.deepEqual(answers, [true, true, false]);
  });
});
