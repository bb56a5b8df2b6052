import { isIP } from "node:net";
import { resolve } from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

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
  SMTP_URL: Type.Optional(Type.String({ pattern: "^smtps?://.+" })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ pattern: "^(sk|rk)_[A-Za-z0-9_]+$" })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: "^whsec_[A-Za-z0-9_]+$" })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://.+" })),
  LOG_LEVEL: Type.Union(
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((level) => Type.Literal(level)),
    { default: "info" },
  ),
});

export type DatabaseTarget = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly siteUrl: string;
  readonly demoContent: boolean;
  readonly mediaDir: string;
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
  /** Unset: limits that should be shared by several instances live in this process's memory. */
  readonly redisUrl: string | null;
  /** Unset: donations are off and the donate page says so. */
  readonly stripeSecretKey: string | null;
  /** Unset: every Stripe webhook is refused, since none can be verified. */
  readonly stripeWebhookSecret: string | null;
}

export class ConfigError extends Error {}

function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("sqlite:")) return { dialect: "sqlite", path: url.slice("sqlite:".length) };
  return { dialect: "postgres", url };
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
  const siteUrl = (parsed.SITE_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/+$/, "");
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    database: parseDatabaseUrl(parsed.DATABASE_URL),
    siteUrl,
    demoContent: parsed.MASTHEAD_DEMO === "1",
    mediaDir: resolve(parsed.MEDIA_DIR),
    logLevel: parsed.LOG_LEVEL,
    smtpUrl: parsed.SMTP_URL ?? null,
    mailFrom: parsed.MAIL_FROM ?? `Masthead <noreply@${new URL(siteUrl).hostname}>`,
    secureCookies: siteUrl.startsWith("https:") ? true : "auto",
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    redisUrl: parsed.REDIS_URL ?? null,
    stripeSecretKey: parsed.STRIPE_SECRET_KEY ?? null,
    stripeWebhookSecret: parsed.STRIPE_WEBHOOK_SECRET ?? null,
  });
}
