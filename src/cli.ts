#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { systemClock } from "./core/clock.js";
import { AppError, notFound } from "./core/errors.js";
import { startProgress } from "./core/progress.js";
import { ROLES, type Role } from "./features/accounts/roles.js";
import { normaliseEmail } from "./features/accounts/user.js";
import { findUserRowByEmail } from "./features/accounts/user.repository.js";
import { createPasswordLink, createStaffUser } from "./features/accounts/user.service.js";
import { recordCommand } from "./features/audit/audit.recorder.js";
import { BackupRefused } from "./features/backup/backup.errors.js";
import { mastheadVersion } from "./features/backup/backup.manifest.js";
import { createBackup, restoreBackup } from "./features/backup/backup.service.js";
import type { SiteFigures } from "./features/backup/site-check.js";
import { commentCheck } from "./features/comments/comment.integrity.js";
import { seedDemoContent } from "./features/demo/demo-seed.js";
import type { ScaleCounts } from "./features/demo/scale-seed.js";
import { type ExportSite, ImportRefused, importSite } from "./features/export/export.service.js";
import { deliveryQueueOf, requeueStrandedDeliveries } from "./features/newsletters/delivery.queue.js";
import { deliverySettings, runDeliveryWorker } from "./features/newsletters/delivery.worker.js";
import { getSiteSecret } from "./features/settings/settings.js";
import { findCounterDrift, repairCounters, sumLegacyTallies } from "./features/votes/vote.repository.js";
import { SITE_CHECKS } from "./site-checks.js";
import { SITE_EXPORTS } from "./site-exports.js";
import { BUSY_TIMEOUT_MS } from "./storage/dialects/sqlite.js";
import type { MediaStore } from "./storage/media-store.js";
import { openMediaStore } from "./storage/media-stores.js";
import {
  type MigrationStatus,
  migrateToLatest,
  migrationStatus,
  NewerDatabaseError,
} from "./storage/migrations/index.js";
import { openStorage, type Storage } from "./storage/storage.js";

const HELP = `Usage: masthead <command>

Commands:
  start        migrate, seed demo content into an empty site (unless MASTHEAD_DEMO=0), and serve
  migrate [--status]
               apply pending database migrations (each in its own transaction) and exit;
               with --status, list applied and pending migrations and change nothing
  seed-demo [--scale 100k|1m] [--articles N] [--comments N] [--votes N]
               add the demo content to an empty site and exit; with --scale, also add a
               generated archive for scale tests (100k: 100,000 articles, 1,000,000 comments,
               10,000,000 votes; 1m: 1,000,000 articles, 10,000,000 comments, 10,000,000
               votes); --articles, --comments and --votes set (or override) each count;
               written in batches, showing progress
  create-user --email E --name N --role R
               create a staff account (contributor, author, editor, administrator, owner)
               and print its one-time set-password link
  reset-password --email E
               print a one-time link that sets a new password for that account
  import wordpress FILE.xml [--uploads DIR] [--authors profiles|staff] [--dry-run] [--report FILE]
               import a WordPress export (WXR 1.0–1.2): authors, categories, tags, posts, pages,
               comments, Snax vote totals and redirects from the old URLs; safe to run again;
               --uploads: a copy of wp-content/uploads whose images go into the media library;
               --authors staff: authors become staff accounts with set-password links
  import ghost FILE.json [--primary-tag-as-section] [--dry-run] [--report FILE]
               import a Ghost export: posts, pages, tags, authors, redirects from Ghost's URLs;
               --primary-tag-as-section: a post's first tag also becomes its category
  import masthead FILE.tar.gz
               fill an empty site from a Masthead export (all of it, or nothing if anything fails)
  export [--to FILE.tar.gz|DIR]
               everything (content, staff without passwords, readers, comments, votes, donations,
               newsletters, settings, redirects, media) in one archive (docs/export-format.md)
  votes verify [--fix]
               recompute every vote counter from the vote rows; report differences
               (exit code 1 if any), and with --fix repair them
  comments verify
               compare every article's approved-comment counter with its comment rows;
               report differences (exit code 1 if any)
  newsletters verify [--fix]
               every newsletter issue's queued/sent/failed/bounced/unsubscribed figures, counted
               from the delivery rows; exit code 1 if recipients are stranded (waiting with no
               queue job, as after restoring a PostgreSQL backup); --fix queues them again
  newsletters work [--until-idle]
               send queued newsletter issues through SMTP_URL (the web process does this too);
               with --until-idle, exit once no batch is due (retries wait for later)
  backup [--to DIR|FILE.tar.gz]
               a consistent copy of the database and the media, with a manifest, in one dated
               archive (default folder: BACKUP_DIR, ./data/backups); safe while the site serves
  restore FILE [--force]
               replace the database and media with a backup's (stop the site first), then check
               the figures and counters; refuses a site that holds content unless --force

Options:
  -h, --help   show this help

Settings come from the environment: PORT, HOST, DATABASE_URL, SITE_URL, MASTHEAD_DEMO, MEDIA_DIR,
SMTP_URL, MAIL_FROM, NEWSLETTER_RATE, NEWSLETTER_CONCURRENCY, LOG_LEVEL.`;

class UsageError extends Error {}

const FLAGS_OF: Record<string, string[]> = {
  "create-user": ["email", "name", "role"],
  "reset-password": ["email"],
  votes: ["fix"],
  migrate: ["status"],
  newsletters: ["until-idle", "fix"],
  "seed-demo": ["articles", "scale", "comments", "votes"],
  import: ["dry-run", "report", "uploads", "authors", "primary-tag-as-section"],
  backup: ["to"],
  export: ["to"],
  restore: ["force"],
};

/** How many positional arguments a command takes after its name. */
const ARGUMENTS_OF: Record<string, number> = { votes: 1, comments: 1, restore: 1, newsletters: 1, import: 2 };

async function withStorage<T>(run: (storage: ReturnType<typeof openStorage>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Commands run off any server's event loop: their writes may wait their turn behind a running site's.
  const storage = openStorage(config.database, { busyTimeoutMs: BUSY_TIMEOUT_MS.offLoop });
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

type Flags = {
  email?: string;
  name?: string;
  role?: string;
  fix?: boolean;
  articles?: string;
  scale?: string;
  comments?: string;
  votes?: string;
  "dry-run"?: boolean;
  report?: string;
  uploads?: string;
  authors?: string;
  "primary-tag-as-section"?: boolean;
  status?: boolean;
  "until-idle"?: boolean;
  to?: string;
  force?: boolean;
};

function printMigrationStatus({ applied, pending }: MigrationStatus): void {
  for (const { name, appliedAt } of applied) console.log(`applied  ${name}  (${appliedAt.toISOString()})`);
  for (const name of pending) console.log(`pending  ${name}`);
  console.log(
    pending.length
      ? `${pending.length} pending; run "masthead migrate" to apply.`
      : "Database is up to date.",
  );
}

const COUNT_LIMITS = { articles: 10_000_000, comments: 100_000_000, votes: 100_000_000 } as const;

/** `--articles N` and the others: a whole number from 0 up to the flag's limit, if given. */
function countFlag(flags: Flags, name: keyof ScaleCounts): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const limit = COUNT_LIMITS[name];
  if (!/^[0-9]{1,9}$/.test(raw) || Number(raw) > limit)
    throw new UsageError(`--${name} needs a whole number from 0 to ${limit}.`);
  return Number(raw);
}

/** The generated archive `seed-demo` adds: a preset, with each count overridable; none without flags. */
function scaleCounts(flags: Flags, presets: Record<string, ScaleCounts>): ScaleCounts {
  let preset: ScaleCounts = { articles: 0, comments: 0, votes: 0 };
  if (flags.scale !== undefined) {
    if (!Object.hasOwn(presets, flags.scale))
      throw new UsageError(`--scale must be one of ${Object.keys(presets).join(", ")}.`);
    preset = presets[flags.scale] as ScaleCounts;
  }
  const counts = {
    articles: countFlag(flags, "articles") ?? preset.articles,
    comments: countFlag(flags, "comments") ?? preset.comments,
    votes: countFlag(flags, "votes") ?? preset.votes,
  };
  if (counts.articles === 0 && counts.comments + counts.votes > 0)
    throw new UsageError("--comments and --votes go on generated articles: add --articles or --scale.");
  return counts;
}

function requireFlag(flags: Flags, name: "email" | "name" | "role", command: string): string {
  const value = flags[name];
  if (!value) throw new UsageError(`${command} needs --${name}.`);
  return value;
}

const passwordLink = (token: string) => `${loadConfig().siteUrl}/admin/password/${token}`;

/** `--authors staff|profiles` (profiles when left out). */
function authorsAsStaff(flags: Flags): boolean {
  if (flags.authors === undefined || flags.authors === "profiles") return false;
  if (flags.authors === "staff") return true;
  throw new UsageError('--authors must be "profiles" or "staff".');
}

/**
 * Each command imports what only it needs when it runs (the server, the importers, the scale seeder):
 * `start` then never loads the importers' parsers, nor does a one-off command load the web server.
 */
const commands: Record<string, (flags: Flags, args: string[]) => Promise<void>> = {
  start: async () => (await import("./server.js")).startServer(loadConfig()),
  migrate: (flags) =>
    withStorage(async (storage) => {
      if (flags.status) return printMigrationStatus(await migrationStatus(storage));
      const applied = await migrateToLatest(storage);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    }),
  "seed-demo": (flags) =>
    withStorage(async (storage) => {
      const { SCALE_PRESETS, seedAtScale } = await import("./features/demo/scale-seed.js");
      const counts = scaleCounts(flags, SCALE_PRESETS);
      await migrateToLatest(storage);
      const media = await openMediaStore(loadConfig());
      const seeded = await seedDemoContent(storage.db, { media, now: systemClock() }).finally(() =>
        media.close(),
      );
      console.log(
        seeded
          ? `Seeded ${seeded.articles} demo articles.`
          : "The site already has articles; no demo content seeded.",
      );
      if (counts.articles === 0) return;
      const started = Date.now();
      await seedAtScale(storage.db, {
        counts,
        now: systemClock(),
        progress: startProgress,
        // Only on a site that was empty: there the archive is nearly every row.
        deferIndexes: seeded !== null,
      });
      const seconds = (Date.now() - started) / 1000;
      const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
      console.log(
        `Added ${counts.articles} articles, ${counts.comments} comments and ${counts.votes} votes in ${seconds.toFixed(1)} s (peak RSS ${peakMb} MB).`,
      );
    }),
  "create-user": (flags) =>
    withStorage(async (storage) => {
      const role = requireFlag(flags, "role", "create-user");
      if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}.`);
      const email = requireFlag(flags, "email", "create-user");
      const name = requireFlag(flags, "name", "create-user");
      await migrateToLatest(storage);
      const user = await createStaffUser(storage.db, { email, name, role }, systemClock());
      console.log(`Created ${user.role} ${user.email}. Set the password here (once, within 24 hours):`);
      console.log(passwordLink(await createPasswordLink(storage.db, user.id, systemClock())));
    }),
  "reset-password": (flags) =>
    withStorage(async ({ db }) => {
      const email = requireFlag(flags, "email", "reset-password");
      const user = await findUserRowByEmail(db, normaliseEmail(email));
      if (!user) throw notFound("Staff account", `No staff account has the e-mail ${email}.`);
      console.log(`Set a new password for ${user.email} here (once, within 24 hours):`);
      console.log(passwordLink(await createPasswordLink(db, user.id, systemClock())));
    }),
  import: (flags, args) =>
    withStorage(async (storage) => {
      const [source, file] = args;
      if ((source !== "wordpress" && source !== "ghost" && source !== "masthead") || !file)
        throw new UsageError(
          'import needs "import wordpress FILE.xml", "import ghost FILE.json" or "import masthead FILE.tar.gz".',
        );
      if (source === "masthead") return importMastheadExport(storage, flags, resolve(file));
      if (source === "ghost") {
        const stray = (["uploads", "authors"] as const).find((flag) => flags[flag] !== undefined);
        if (stray) throw new UsageError(`import ghost does not take --${stray}.`);
        await migrateToLatest(storage);
        const { runGhostImportCommand } = await import("./features/import/import.command.js");
        return runGhostImportCommand(storage.db, {
          file,
          dryRun: flags["dry-run"] === true,
          reportFile: flags.report,
          primaryTagAsSection: flags["primary-tag-as-section"] === true,
        });
      }
      if (flags["primary-tag-as-section"])
        throw new UsageError("import wordpress does not take --primary-tag-as-section.");
      await migrateToLatest(storage);
      const { runWordpressImportCommand } = await import("./features/import/import.command.js");
      await runWordpressImportCommand(storage.db, {
        file,
        dryRun: flags["dry-run"] === true,
        reportFile: flags.report,
        uploadsDir: flags.uploads,
        staffAccounts: authorsAsStaff(flags) ? { passwordLink } : undefined,
        media: await openMediaStore(loadConfig()),
      });
    }),
  votes: (flags, args) =>
    withStorage(async ({ db }) => {
      if (args[0] !== "verify") throw new UsageError('votes needs a subcommand: "votes verify [--fix]".');
      const drift = await findCounterDrift(db);
      for (const { articleId, stored, fromRows } of drift) {
        console.log(
          `article ${articleId}: counters say up ${stored.up}, down ${stored.down}; rows say up ${fromRows.up}, down ${fromRows.down}`,
        );
      }
      const legacy = await sumLegacyTallies(db);
      if (legacy.articles > 0) {
        console.log(
          `Legacy tallies (imported totals, no vote rows to check them against): ${legacy.articles} article(s), ${legacy.up} up, ${legacy.down} down.`,
        );
      }
      if (drift.length === 0) return void console.log("Every vote counter matches its rows.");
      if (!flags.fix) {
        process.exitCode = 1;
        return void console.log(
          `${drift.length} counter(s) differ from their rows. Run with --fix to repair.`,
        );
      }
      await repairCounters(db, drift);
      console.log(`Repaired ${drift.length} counter(s).`);
    }),
  comments: (_flags, args) =>
    withStorage(async ({ db }) => {
      if (args[0] !== "verify") throw new UsageError('comments needs a subcommand: "comments verify".');
      const problems = await commentCheck.problems(db);
      for (const problem of problems) console.log(problem);
      if (problems.length > 0) process.exitCode = 1;
      else console.log("Every comment counter matches its rows.");
    }),
  newsletters: (flags, args) =>
    withStorage(async (storage) => {
      if (args[0] === "verify") {
        const { verifyNewsletterSends } = await import("./features/newsletters/newsletter.verify.js");
        const options = { fix: flags.fix === true, now: systemClock() };
        if (!(await verifyNewsletterSends(storage, console.log, options))) process.exitCode = 1;
        return;
      }
      if (args[0] !== "work")
        throw new UsageError('newsletters needs a subcommand: "newsletters verify" or "newsletters work".');
      const settings = deliverySettings(loadConfig(), await getSiteSecret(storage.db));
      if (!settings) throw new UsageError("newsletters work needs SMTP_URL.");
      const tty = process.stdout.isTTY;
      await runDeliveryWorker(storage.db, deliveryQueueOf(storage), settings, {
        clock: systemClock,
        untilIdle: flags["until-idle"] === true,
        onProgress: (handled) => {
          if (tty) process.stdout.write(`\rHandled ${handled.toLocaleString("en")} recipients`);
          else if (handled % 1000 === 0) console.log(`Handled ${handled} recipients`);
        },
      });
      if (tty) process.stdout.write("\n");
      console.log("No newsletter batch is due now.");
    }),
  backup: (flags) =>
    withStorage(async (storage) => {
      const config = loadConfig();
      const media = await openMediaStore(config);
      const site = { storage, target: config.database, media, checks: SITE_CHECKS };
      const { file, manifest } = await createBackup(site, {
        to: flags.to ? resolve(flags.to) : config.backupDir,
        now: systemClock(),
        progress: startProgress,
      }).finally(() => media.close());
      console.log(`Backup written to ${file}`);
      console.log(`  ${describeFigures(manifest.figures)}; ${manifest.media.length} media files`);
      await recordCommand(storage.db, { action: "backup", target: file, at: systemClock() });
    }),
  export: (flags) =>
    withStorage(async (storage) => {
      await migrateToLatest(storage);
      const media = await openMediaStore(loadConfig());
      try {
        const { exportToFile } = await import("./features/export/export.command.js");
        const { file, manifest } = await exportToFile(exportSite(storage, media), {
          to: resolve(flags.to ?? "."),
          now: systemClock(),
          progress: startProgress,
        });
        const rows = manifest.types.reduce((sum, type) => sum + type.rows, 0);
        console.log(`Export written to ${file}: ${rows} records, ${manifest.media.length} media files.`);
        await recordCommand(storage.db, { action: "export", target: file, at: systemClock() });
      } finally {
        media.close();
      }
    }),
  restore: async (flags, args) => {
    const config = loadConfig();
    const file = resolve(args[0] ?? "");
    if (!args[0]) throw new UsageError("restore needs the backup file: restore FILE [--force].");
    const open = () => openStorage(config.database, { busyTimeoutMs: BUSY_TIMEOUT_MS.offLoop });
    const media = await openMediaStore(config);
    const site = { storage: open(), target: config.database, media, checks: SITE_CHECKS };
    const result = await restoreBackup(site, { file, force: flags.force === true, reopen: open }).finally(
      () => media.close(),
    );
    try {
      await recordCommand(result.storage.db, {
        action: "restore",
        target: file,
        at: systemClock(),
        details: {
          backupOf: result.manifest.createdAt,
          problems: [...result.differences, ...result.problems],
        },
      });
      console.log(
        `Restored the backup of ${result.manifest.createdAt} (Masthead ${result.manifest.masthead}).`,
      );
      console.log(
        `  ${describeFigures(result.manifest.figures)}; ${result.manifest.media.length} media files`,
      );
      // pg-boss's schema is not in a PostgreSQL backup: recipients of a send the backup caught midway get new jobs.
      const { storage } = result;
      const requeued = await requeueStrandedDeliveries(storage.db, deliveryQueueOf(storage), systemClock());
      if (requeued > 0)
        console.log(`  Queued ${requeued} newsletter recipient(s) of an unfinished send again.`);
      for (const line of [...result.differences, ...result.problems]) console.log(`  PROBLEM ${line}`);
      if (result.differences.length + result.problems.length > 0) {
        process.exitCode = 1;
        return;
      }
      console.log("  Verified: every figure matches the backup's, and every counter matches its rows.");
    } finally {
      await result.storage.close();
    }
  },
};

function exportSite(storage: Storage, media: MediaStore): ExportSite {
  return { storage, media, parts: SITE_EXPORTS, version: mastheadVersion() };
}

async function importMastheadExport(storage: Storage, flags: Flags, file: string): Promise<void> {
  const stray = Object.keys(flags)[0];
  if (stray) throw new UsageError(`import masthead does not take --${stray}.`);
  await migrateToLatest(storage);
  const media = await openMediaStore(loadConfig());
  try {
    const { manifest, rows } = await importSite(exportSite(storage, media), {
      file,
      progress: startProgress,
    });
    console.log(
      `Imported the export of ${manifest.createdAt} (Masthead ${manifest.masthead}): ${rows} records, ${manifest.media.length} media files.`,
    );
    await recordCommand(storage.db, { action: "import masthead", target: file, at: systemClock() });
  } finally {
    media.close();
  }
}

/** "articles: published 34; votes: rows 120, counted up 100, …" */
const describeFigures = (figures: SiteFigures) =>
  Object.entries(figures)
    .map(
      ([name, group]) =>
        `${name}: ${
          Object.entries(group)
            .map(([key, value]) => `${key} ${value}`)
            .join(", ") || "none"
        }`,
    )
    .join("; ");

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      fix: { type: "boolean" },
      articles: { type: "string" },
      scale: { type: "string" },
      comments: { type: "string" },
      votes: { type: "string" },
      "dry-run": { type: "boolean" },
      report: { type: "string" },
      uploads: { type: "string" },
      authors: { type: "string" },
      "primary-tag-as-section": { type: "boolean" },
      status: { type: "boolean" },
      "until-idle": { type: "boolean" },
      to: { type: "string" },
      force: { type: "boolean" },
    },
  });
  const [name, ...extra] = positionals;
  if (values.help || name === "help") return void console.log(HELP);
  if (!name) throw new UsageError("No command given.");
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  const subcommands = ARGUMENTS_OF[name] ?? 0;
  if (extra.length > subcommands)
    throw new UsageError(`Unexpected argument "${extra[subcommands]}" for ${name}.`);
  const { help: _help, ...flags } = values;
  const allowed = FLAGS_OF[name] ?? [];
  const stray = Object.keys(flags).find((flag) => !allowed.includes(flag));
  if (stray) throw new UsageError(`${name} does not take --${stray}.`);
  await command(flags, extra);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`masthead: ${message} Run "masthead --help" for usage.`);
    process.exit(2);
  }
  const expected =
    error instanceof ConfigError ||
    error instanceof AppError ||
    error instanceof BackupRefused ||
    error instanceof ImportRefused ||
    error instanceof NewerDatabaseError;
  console.error(expected ? `masthead: ${message}` : error);
  process.exit(1);
});
