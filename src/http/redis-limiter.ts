import { createHash } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { LimitCheck, RateLimiter } from "./limiter.js";

/**
 * INCR every key of this minute; the first increment sets the key's expiry, so Redis forgets old
 * minutes by itself. One script, so the counts of one request change together and nothing interleaves.
 * KEYS: the counters; ARGV[1]: expiry (ms); ARGV[2..]: each key's limit. Returns 1 when all are within.
 */
const COUNT_SCRIPT = `
local allowed = 1
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  if count > tonumber(ARGV[i + 1]) then allowed = 0 end
end
return allowed`;

// Two minutes: a key outlives its window even when instances' clocks differ by a little.
const EXPIRY_MS = 120_000;

type ScriptedRedis = Redis & { mastheadCount(...args: (string | number)[]): Promise<number> };

/**
 * Rate limits shared by every instance through one Redis. When Redis cannot be reached the limiter
 * counts in memory instead (per instance) and logs that once per outage: a vote or comment is never
 * refused because the limiter is down.
 */
export class RedisRateLimiter implements RateLimiter {
  private degraded = false;

  private constructor(
    private readonly redis: ScriptedRedis,
    private readonly fallback: RateLimiter,
    private readonly log: FastifyBaseLogger,
  ) {}

  static async connect(
    url: string,
    fallback: RateLimiter,
    log: FastifyBaseLogger,
  ): Promise<RedisRateLimiter> {
    // Loaded here, not at the top: a site without REDIS_URL never needs the client in memory.
    const { Redis } = await import("ioredis");
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail fast while disconnected (the fallback answers) rather than queueing requests behind Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
    }) as ScriptedRedis;
    redis.defineCommand("mastheadCount", { lua: COUNT_SCRIPT });
    redis.on("error", () => {}); // Reported once per outage by allow(); ioredis reconnects by itself.
    await redis.connect().catch((error: unknown) => log.warn({ err: error }, "Redis unreachable at start"));
    return new RedisRateLimiter(redis, fallback, log);
  }

  async allow(now: number, checks: readonly LimitCheck[]): Promise<boolean> {
    const minute = Math.floor(now / 60_000);
    // Hashed, so client addresses are not stored in Redis as they are.
    const keys = checks.map(
      ({ key }) => `masthead:limit:${minute}:${createHash("sha256").update(key).digest("base64url")}`,
    );
    try {
      const allowed = await this.redis.mastheadCount(
        keys.length,
        ...keys,
        EXPIRY_MS,
        ...checks.map((check) => check.perMinute),
      );
      if (this.degraded) this.log.info("Redis reachable again; rate limits are shared again");
      this.degraded = false;
      return allowed === 1;
    } catch (error) {
      if (!this.degraded)
        this.log.error({ err: error }, "Redis unreachable; rate limits count per instance until it is back");
      this.degraded = true;
      return this.fallback.allow(now, checks);
    }
  }

  async isReachable(): Promise<boolean> {
    return this.redis.ping().then(
      (reply) => reply === "PONG",
      () => false,
    );
  }

  async close(): Promise<void> {
    await this.fallback.close();
    this.redis.disconnect();
  }
}
