import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { Cron } from "croner";

/** Every setting the process reads from its environment, validated once at start. */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 2368 }),
  HOST: Type.String({ minLength: 1, default: "127.0.0.1" }),
  DATABASE_URL: Type.String({
    pattern: "^(sqlite:.+|postgres(ql)?://.+)$",
    default: "sqlite:./data/masthead.db",
  }),
  SITE_URL: Type.Optional(Type.String({ pattern: "^https?://[^/\\s]+(/[^\\s]*)?$" })),
  MASTHEAD_DEMO: Type.Union([Type.Literal("0"), Type.Literal("1")], { default: "1" }),
  MEDIA_DIR: Type.String({ minLength: 1, default: "./data/media" }),
  MEDIA_STORAGE: Type.Optional(
    Type.String({ pattern: "^(local|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?)$" }),
  ),
  MEDIA_BASE_URL: Type.Optional(Type.String({ pattern: "^https?://[^/\\s]+(/[^\\s]*)?$" })),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: "^https?://[^/\\s]+/?$" })),
  S3_REGION: Type.String({ minLength: 1, maxLength: 100, default: "us-east-1" }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: "^smtps?://.+" })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ pattern: "^(sk|rk)_[A-Za-z0-9_]+$" })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: "^whsec_[A-Za-z0-9_]+$" })),
  WEB_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 200, pattern: "^[\\x21-\\x7e]+$" })),
  REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://.+" })),
  /** Newsletter messages per second over all connections of one worker; 0: no limit. */
  NEWSLETTER_RATE: Type.Integer({ minimum: 0, maximum: 100_000, default: 20 }),
  /** Simultaneous SMTP connections of one newsletter worker. */
  NEWSLETTER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
  /** Shared secret of the bounce and complaint webhook (HMAC-SHA256 of the body). */
  NEWSLETTER_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
  BACKUP_DIR: Type.String({ minLength: 1, default: "./data/backups" }),
  BACKUP_CRON: Type.Optional(Type.String({ minLength: 9, maxLength: 100 })),
  BACKUP_KEEP: Type.Integer({ minimum: 1, maximum: 10_000, default: 14 }),
  AUDIT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 36_500, default: 730 }),
  /** Memory for rendered public pages, per worker, in MiB; search results get an eighth of it more. */
  PAGE_CACHE_MB: Type.Integer({ minimum: 1, maximum: 65_536, default: 64 }),
  LOG_LEVEL: Type.Union(
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((level) => Type.Literal(level)),
    { default: "info" },
  ),
});

export type DatabaseTarget = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

/** An S3-compatible bucket for media: `MEDIA_STORAGE=s3://bucket/prefix` with the `S3_*` settings. */
export interface MediaS3Target {
  readonly bucket: string;
  /** Key prefix without slashes at either end; "" for the bucket's root. */
  readonly prefix: string;
  readonly region: string;
  /** Unset: AWS itself; else the S3-compatible server's URL (path-style requests). */
  readonly endpoint: string | null;
  /** Unset: the AWS SDK's usual chain (environment, instance role, …). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
}

export interface Config {
  readonly port: number;
  /** Worker processes serving the port: WEB_CONCURRENCY, else 1 on SQLite and one per core on PostgreSQL. */
  readonly webConcurrency: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly siteUrl: string;
  readonly demoContent: boolean;
  readonly mediaDir: string;
  /** Local disk (MEDIA_DIR) unless MEDIA_STORAGE names a bucket. */
  readonly mediaStorage: { readonly kind: "local" } | { readonly kind: "s3"; readonly target: MediaS3Target };
  /** Unset: the app serves /media/ itself; else /media/KEY redirects to MEDIA_BASE_URL/KEY (e.g. a CDN). */
  readonly mediaBaseUrl: string | null;
  readonly logLevel: string;
  /** Unset: e-mails are written to the log instead of sent. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /**
   * Cookies always get the Secure flag when SITE_URL is https; otherwise ("auto") when the request came
   * over https, which behind a trusted proxy is what its X-Forwarded-Proto says.
   */
  readonly secureCookies: true | "auto";
  /**
   * Which peers' X-Forwarded-For/-Proto/-Host are believed: none (false), the nearest N hops, or the
   * listed addresses and CIDR blocks. Passed to Fastify's `trustProxy` as is.
   */
  readonly trustProxy: false | number | string[];
  /** Unset: no /metrics; else Prometheus scrapes it with `Authorization: Bearer METRICS_TOKEN`. */
  readonly metricsToken: string | null;
  /** Unset: limits that should be shared by several instances live in this process's memory. */
  readonly redisUrl: string | null;
  /** Unset: donations are off and the donate page says so. */
  readonly stripeSecretKey: string | null;
  /** Unset: every Stripe webhook is refused, since none can be verified. */
  readonly stripeWebhookSecret: string | null;
  /** Newsletter sending: messages per second (0: no limit) and SMTP connections, per worker. */
  readonly newsletterRate: number;
  readonly newsletterConcurrency: number;
  /** Unset: the bounce webhook refuses every report, since none can be verified. */
  readonly newsletterWebhookSecret: string | null;
  /** Where `masthead backup` and scheduled backups write their archives. */
  readonly backupDir: string;
  /** Unset: the app takes no backups by itself. */
  readonly backupSchedule: { cron: string; keep: number } | null;
  /** Staff activity entries older than this are deleted. */
  readonly auditRetentionDays: number;
  /** Byte budgets of the page cache and of the search results' own cache, per worker (decision 0051). */
  readonly pageCacheBytes: number;
  readonly searchCacheBytes: number;
}

const MIB = 1024 * 1024;

export class ConfigError extends Error {}

/** A cron pattern croner can run (five or six fields), or a ConfigError naming the setting. */
function checkCron(pattern: string): void {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    throw new ConfigError(
      `Invalid setting BACKUP_CRON=${JSON.stringify(pattern)}: ${(error as Error).message}`,
    );
  }
}

function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("sqlite:")) return { dialect: "sqlite", path: url.slice("sqlite:".length) };
  return { dialect: "postgres", url };
}

function parseMediaStorage(parsed: Static<typeof EnvSchema>): Config["mediaStorage"] {
  const url = parsed.MEDIA_STORAGE;
  if (!url || url === "local") return { kind: "local" };
  const [bucket = "", ...path] = url.slice("s3://".length).split("/");
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = parsed;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new ConfigError("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.");
  return {
    kind: "s3",
    target: {
      bucket,
      prefix: path.filter(Boolean).join("/"),
      region: parsed.S3_REGION,
      endpoint: parsed.S3_ENDPOINT?.replace(/\/$/, "") ?? null,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    },
  };
}

/** `TRUST_PROXY`: unset → off; a whole number → that many hops; else addresses and CIDR blocks, comma-separated. */
function parseTrustProxy(value: string | undefined): Config["trustProxy"] {
  if (value === undefined) return false;
  if (/^[0-9]{1,2}$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(",").map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrCidr(entry));
  if (bad !== undefined)
    throw new ConfigError(
      `Invalid setting TRUST_PROXY=${JSON.stringify(value)}: "${bad}" is neither a hop count nor an address or CIDR block`,
    );
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses the environment; throws a ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, known));
  const firstError = Value.Errors(EnvSchema, withDefaults).First();
  if (firstError) {
    const name = firstError.path.replace(/^\//, "");
    throw new ConfigError(`Invalid setting ${name}=${JSON.stringify(env[name])}: ${firstError.message}`);
  }
  const parsed = withDefaults as Static<typeof EnvSchema>;
  const database = parseDatabaseUrl(parsed.DATABASE_URL);
  if (parsed.BACKUP_CRON !== undefined) checkCron(parsed.BACKUP_CRON);
  const siteUrl = (parsed.SITE_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/+$/, "");
  return Object.freeze({
    port: parsed.PORT,
    webConcurrency: parsed.WEB_CONCURRENCY ?? (database.dialect === "sqlite" ? 1 : availableParallelism()),
    host: parsed.HOST,
    database,
    siteUrl,
    demoContent: parsed.MASTHEAD_DEMO === "1",
    mediaDir: resolve(parsed.MEDIA_DIR),
    mediaStorage: parseMediaStorage(parsed),
    mediaBaseUrl: parsed.MEDIA_BASE_URL?.replace(/\/+$/, "") ?? null,
    logLevel: parsed.LOG_LEVEL,
    smtpUrl: parsed.SMTP_URL ?? null,
    mailFrom: parsed.MAIL_FROM ?? `Masthead <noreply@${new URL(siteUrl).hostname}>`,
    secureCookies: siteUrl.startsWith("https:") ? true : "auto",
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    redisUrl: parsed.REDIS_URL ?? null,
    metricsToken: parsed.METRICS_TOKEN ?? null,
    stripeSecretKey: parsed.STRIPE_SECRET_KEY ?? null,
    stripeWebhookSecret: parsed.STRIPE_WEBHOOK_SECRET ?? null,
    newsletterRate: parsed.NEWSLETTER_RATE,
    newsletterConcurrency: parsed.NEWSLETTER_CONCURRENCY,
    newsletterWebhookSecret: parsed.NEWSLETTER_WEBHOOK_SECRET ?? null,
    backupDir: resolve(parsed.BACKUP_DIR),
    backupSchedule: parsed.BACKUP_CRON ? { cron: parsed.BACKUP_CRON, keep: parsed.BACKUP_KEEP } : null,
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
    pageCacheBytes: parsed.PAGE_CACHE_MB * MIB,
    // Its own budget, so that a flood of made-up queries cannot push articles out of the page cache.
    searchCacheBytes: (parsed.PAGE_CACHE_MB * MIB) / 8,
  });
}
