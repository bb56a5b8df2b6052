import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { extract as tarExtract } from "tar";
import { openStorage } from "../../src/storage/storage.js";
import { allIndexes } from "../helpers/indexes.js";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the masthead command", () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "masthead-cli-"));
    env = { DATABASE_URL: `sqlite:${join(dir, "site.db")}`, MEDIA_DIR: join(dir, "media") };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints its usage with --help", async () => {
    const run = await runCli(["--help"]);
    assert.equal(run.code, 0);
    for (const command of ["start", "migrate", "seed-demo"]) assert.match(run.stdout, new RegExp(command));
  });

  for (const [args, message] of [
    [["publish-everything"], /Unknown command "publish-everything"/],
    [["--frobnicate"], /--frobnicate/],
    [["migrate", "--yes"], /--yes/],
    [["migrate", "extra"], /Unexpected argument "extra"/],
    [[], /No command given/],
  ] as const) {
    it(`exits with 2 and one clear line for: ${args.join(" ") || "(nothing)"}`, async () => {
      const run = await runCli([...args]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split("\n").length, 1);
    });
  }

  it("stops on a bad setting with a message naming it", async () => {
    const run = await runCli(["migrate"], { ...env, PORT: "many" });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Invalid setting PORT="many"/);
  });

  it("refuses to start on a busy port in one line, before it opens the database", async (t) => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    t.after(() => busy.close());
    const port = String((busy.address() as AddressInfo).port);
    const file = join(dir, "never.db");
    const run = await runCli(["start"], { ...env, DATABASE_URL: `sqlite:${file}`, PORT: port });
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.equal(existsSync(file), false, "no database was created or migrated");
  });

  it("lists pending migrations, migrates, then reports the database up to date", async () => {
    const status = await runCli(["migrate", "--status"], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^pending {2}2026-11-25-01-content$/m);
    const first = await runCli(["migrate"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied: 2026-11-25-01-content/);
    const second = await runCli(["migrate"], env);
    assert.match(second.stdout, /up to date/);
    const later = await runCli(["migrate", "--status"], env);
    assert.match(later.stdout, /^applied {2}2026-11-25-01-content {2}\(20\d\d-/m);
    assert.doesNotMatch(later.stdout, /pending {2}/);
  });

  it("creates a staff account with a one-time set-password link, and prints reset links", async () => {
    const created = await runCli(
      ["create-user", "--email", "Ed@Example.org", "--name", "Ed Itor", "--role", "editor"],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created editor ed@example.org/);
    assert.match(created.stdout, /http:\/\/127\.0\.0\.1:2368\/admin\/password\/[\w-]{43}/);
    const duplicate = await runCli(
      ["create-user", "--email", "ed@example.org", "--name", "Ed", "--role", "editor"],
      env,
    );
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already has an account/);
    const reset = await runCli(["reset-password", "--email", "ed@example.org"], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /\/admin\/password\/[\w-]{43}/);
    const unknown = await runCli(["reset-password", "--email", "nobody@example.org"], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No staff account/);
  });

  for (const [args, message] of [
    [["create-user", "--email", "a@b.co", "--name", "A"], /needs --role/],
    [["create-user", "--email", "a@b.co", "--name", "A", "--role", "king"], /--role must be one of/],
    [["reset-password"], /needs --email/],
    [["migrate", "--email", "a@b.co"], /migrate does not take --email/],
  ] as const) {
    it(`refuses ${args.join(" ")} with exit code 2`, async () => {
      const run = await runCli([...args], env);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    });
  }

  it("seeds demo content once, and never into a site that has articles", async () => {
    const first = await runCli(["seed-demo"], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Seeded \d+ demo articles/);
    const second = await runCli(["seed-demo"], env);
    assert.match(second.stdout, /already has articles/);
  });

  it("adds a generated archive with --articles, --comments and --votes, in batches, showing progress", async () => {
    const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
    const count = async (table: "articles" | "search_documents" | "comments" | "votes") =>
      Number(
        (
          await storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count("articles");
    const run = await runCli(
      ["seed-demo", "--articles", "1200", "--comments", "900", "--votes", "2500"],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Articles: 1,200 \/ 1,200 articles \(100%\)/);
    assert.match(run.stdout, /Votes: 2,500 \/ 2,500 votes \(100%\)/);
    // The site had articles: its indexes are kept up row by row, never dropped.
    assert.doesNotMatch(run.stdout, /Indexes:/);
    assert.match(
      run.stdout,
      /Added 1200 articles, 900 comments and 2500 votes in [\d.]+ s \(peak RSS \d+ MB\)/,
    );
    assert.equal(await count("articles"), before + 1200);
    assert.equal(await count("search_documents"), before + 1200);
    assert.equal(await count("comments"), 900);
    assert.equal(await count("votes"), 2500);
    await storage.close();
    const verify = await runCli(["votes", "verify"], env);
    assert.equal(verify.code, 0, verify.stdout);
    for (const [args, message] of [
      [["--articles", "2.5"], /--articles needs a whole number from 0 to 10000000/],
      [["--articles", "many"], /--articles needs a whole number/],
      [["--articles", "99999999999"], /--articles needs a whole number/],
      [["--votes=-1"], /--votes needs a whole number/],
      [["--comments", "5"], /--comments and --votes go on generated articles: add --articles or --scale/],
      [["--scale", "5m"], /--scale must be one of 100k, 1m/],
    ] as const) {
      const refused = await runCli(["seed-demo", ...args], env);
      assert.equal(refused.code, 2, args.join(" "));
      assert.match(refused.stderr, message);
      assert.equal(refused.stderr.trim().split("\n").length, 1);
    }
  });

  it("builds the secondary indexes after the load on an empty site, the same ones the migrations make", async () => {
    const site = (name: string) => ({
      DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`,
      MEDIA_DIR: join(dir, `${name}-media`),
    });
    const migrated = await runCli(["migrate"], site("migrated-only"));
    assert.equal(migrated.code, 0, migrated.stderr);
    const run = await runCli(
      ["seed-demo", "--articles", "300", "--comments", "600", "--votes", "900"],
      site("fresh"),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Rebuilding: (\d+) \/ \1 indexes \(100%\)/);
    const indexesOf = async (name: string) => {
      const storage = openStorage({ dialect: "sqlite", path: join(dir, `${name}.db`) });
      try {
        return await allIndexes(storage.db);
      } finally {
        await storage.close();
      }
    };
    assert.deepEqual(await indexesOf("fresh"), await indexesOf("migrated-only"));
    for (const check of [
      ["votes", "verify"],
      ["comments", "verify"],
    ]) {
      const verified = await runCli(check, site("fresh"));
      assert.equal(verified.code, 0, verified.stdout);
    }
  });

  it("verifies vote counters against their rows, and repairs them with --fix", async () => {
    const clean = await runCli(["votes", "verify"], env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /Every vote counter matches/);
    const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
    await storage.db.insertInto("vote_counters").values({ article_id: 1, up: 7, down: 1 }).execute();
    await storage.close();
    const drift = await runCli(["votes", "verify"], env);
    assert.equal(drift.code, 1);
    assert.match(drift.stdout, /article 1: counters say up 7, down 1; rows say up 0, down 0/);
    const fixed = await runCli(["votes", "verify", "--fix"], env);
    assert.match(fixed.stdout, /Repaired 1 counter/);
    assert.equal((await runCli(["votes", "verify"], env)).code, 0);
    assert.equal((await runCli(["votes"], env)).code, 2);
  });

  it("verifies comment counters against their rows", async () => {
    const clean = await runCli(["comments", "verify"], env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /Every comment counter matches its rows/);
    const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
    await storage.db
      .insertInto("comment_counters")
      .values({ article_id: 1, approved: 9_999, version: 1 })
      .onConflict((conflict) => conflict.column("article_id").doUpdateSet({ approved: 9_999 }))
      .execute();
    await storage.close();
    const drift = await runCli(["comments", "verify"], env);
    assert.equal(drift.code, 1);
    assert.match(drift.stdout, /article 1: counter says 9999 approved, rows say \d+/);
    assert.equal((await runCli(["comments"], env)).code, 2);
  });
});

describe("masthead import wordpress", () => {
  const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/wordpress/${name}`, import.meta.url));
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "masthead-import-cli-"));
    env = {
      DATABASE_URL: `sqlite:${join(dir, "site.db")}`,
      MEDIA_DIR: join(dir, "media"),
      MASTHEAD_DEMO: "0",
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [args, code, message] of [
    [
      [fixture("truncated.wxr")],
      1,
      /truncated\.wxr is not well-formed XML: line \d+, column \d+: .* Nothing was imported\.$/,
    ],
    [
      [fixture("not-wxr.xml")],
      1,
      /is not a WordPress export: no <wp:wxr_version> before the first item \(line 3, column \d+\)/,
    ],
    [
      [join(tmpdir(), "no-such-export.xml")],
      1,
      /Cannot read .*no-such-export\.xml \(ENOENT\)\. Nothing was imported\.$/,
    ],
    [[fixture("harbour.wxr"), "--authors", "everyone"], 2, /--authors must be "profiles" or "staff"/],
    [[fixture("harbour.wxr"), "--uploads", join(tmpdir(), "no-such-uploads")], 1, /is not a folder/],
  ] as const) {
    it(`exits with ${code} and one line, writing nothing, for ${args.join(" ").replace(/\S*\//g, "")}`, async () => {
      const run = await runCli(["import", "wordpress", ...args], env);
      assert.equal(run.code, code, run.stderr);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.match(run.stderr.trim(), message);
      const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
      try {
        const rows = await storage.db
          .selectFrom("articles")
          .select("id")
          .execute()
          .catch(() => []);
        assert.equal(rows.length, 0);
      } finally {
        await storage.close();
      }
    });
  }

  it("imports, reports and writes the JSON report; a second run changes nothing", async () => {
    const report = join(dir, "report.json");
    const first = await runCli(["import", "wordpress", fixture("harbour.wxr"), "--report", report], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /posts: 3 new, 0 updated, 0 unchanged; skipped 1 status "trash"/);
    assert.match(first.stdout, /\[contact-form-7\] in 1 post/);
    const written = JSON.parse(readFileSync(report, "utf8"));
    assert.equal(written.counts.comments.imported, 4);
    const again = await runCli(["import", "wordpress", fixture("harbour.wxr")], env);
    assert.match(again.stdout, /posts: 0 new, 0 updated, 3 unchanged/);
    const verify = await runCli(["votes", "verify"], env);
    assert.equal(verify.code, 0);
    assert.match(
      verify.stdout,
      /Legacy tallies \(imported totals, no vote rows to check them against\): 1 article\(s\), 43 up, 2 down/,
    );
  });
});

describe("masthead import ghost", () => {
  const fixture = fileURLToPath(new URL("../fixtures/ghost/harbour.ghost.json", import.meta.url));
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "masthead-ghost-cli-"));
    env = {
      DATABASE_URL: `sqlite:${join(dir, "site.db")}`,
      MEDIA_DIR: join(dir, "media"),
      MASTHEAD_DEMO: "0",
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const categories = async () => {
    const storage = openStorage({ dialect: "sqlite", path: join(dir, "site.db") });
    try {
      return (await storage.db.selectFrom("categories").select("slug").execute()).map((row) => row.slug);
    } finally {
      await storage.close();
    }
  };

  it("--dry-run writes nothing; --primary-tag-as-section makes the first tag the section; --report", async () => {
    const dry = await runCli(["import", "ghost", fixture, "--primary-tag-as-section", "--dry-run"], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /posts: 2 new/);
    assert.deepEqual(await categories(), []);
    const report = join(dir, "ghost-report.json");
    const run = await runCli(
      ["import", "ghost", fixture, "--primary-tag-as-section", "--report", report],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(readFileSync(report, "utf8")).counts.posts.imported, 2);
    assert.deepEqual(await categories(), ["transport"]);
    const stray = await runCli(["import", "ghost", fixture, "--uploads", dir], env);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr.trim(), /import ghost does not take --uploads\./);
  });
});

describe("masthead export and import masthead", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "masthead-cli-export-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const siteEnv = (name: string) => ({
    DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`,
    MEDIA_DIR: join(dir, `${name}-media`),
  });
  const manifestOf = (file: string, into: string) => {
    mkdirSync(into);
    tarExtract({ file, cwd: into, sync: true });
    return JSON.parse(readFileSync(join(into, "manifest.json"), "utf8"));
  };

  it("exports a site, refuses to import into one with content, and fills an empty one with the same records", async () => {
    assert.equal((await runCli(["seed-demo"], siteEnv("first"))).code, 0);
    const exported = await runCli(["export", "--to", join(dir, "first.tar.gz")], siteEnv("first"));
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /Export written to .*first\.tar\.gz: \d+ records, \d+ media files\./);

    const refused = await runCli(["import", "masthead", join(dir, "first.tar.gz")], siteEnv("first"));
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^masthead: The site already holds content \(authors \(\d+ rows\)\); import masthead only fills an empty site\.\n$/,
    );
    const stray = await runCli(
      ["import", "masthead", join(dir, "first.tar.gz"), "--dry-run"],
      siteEnv("second"),
    );
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /import masthead does not take --dry-run/);

    const imported = await runCli(["import", "masthead", join(dir, "first.tar.gz")], siteEnv("second"));
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Imported the export of .* \d+ records, \d+ media files\./);
    const again = await runCli(["export", "--to", dir], siteEnv("second"));
    assert.equal(again.code, 0, again.stderr);
    const second = again.stdout.match(/Export written to (\S+):/)?.[1] ?? "";
    assert.match(second, /masthead-export-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/);
    const original = manifestOf(join(dir, "first.tar.gz"), join(dir, "unpacked-first"));
    const copy = manifestOf(second, join(dir, "unpacked-second"));
    assert.deepEqual(copy.types, original.types);
    assert.deepEqual(copy.media, original.media);
  });
});
