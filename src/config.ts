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
  SMTP_URL: Type.Optional(Type.String({ pattern: "^smtps?://.+" })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ pattern: "^(sk|rk)_[A-Za-z0-9_]+$" })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: "^whsec_[A-Za-z0-9_]+$" })),
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
  /** Cookies get the Secure flag when the site is served over https. */
  readonly secureCookies: boolean;
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
}

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
  if (parsed.BACKUP_CRON !== undefined) checkCron(parsed.BACKUP_CRON);
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
    secureCookies: siteUrl.startsWith("https:"),
    stripeSecretKey: parsed.STRIPE_SECRET_KEY ?? null,
    stripeWebhookSecret: parsed.STRIPE_WEBHOOK_SECRET ?? null,
    newsletterRate: parsed.NEWSLETTER_RATE,
    newsletterConcurrency: parsed.NEWSLETTER_CONCURRENCY,
    newsletterWebhookSecret: parsed.NEWSLETTER_WEBHOOK_SECRET ?? null,
    backupDir: resolve(parsed.BACKUP_DIR),
    backupSchedule: parsed.BACKUP_CRON ? { cron: parsed.BACKUP_CRON, keep: parsed.BACKUP_KEEP } : null,
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
  });
}
