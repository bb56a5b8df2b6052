/**
 * WordPress import at scale: writes a WXR of BENCH_POSTS posts (default 50,000) with BENCH_COMMENTS
 * comments (default 200,000, threaded) and Snax tallies, then imports it into a fresh database
 * (BENCH_DATABASE_URL: a PostgreSQL server, on which a database of its own is made and dropped; by
 * default a new SQLite file under .bench/) the way a user does: `masthead import wordpress FILE`, the
 * built CLI (rebuilt first) in a process of its own. Prints posts/s, that process's CPU seconds and its
 * peak RSS (VmHWM, read from /proc while it runs: nothing in the product measures itself), then imports the
 * same file again and prints how long the no-op took, as a ratio of the first import. Both runs'
 * reports must count exactly the generated posts and comments. Targets on the reference machine:
 * ≥ 1,000 posts/s, ≤ 250 MiB peak RSS.
 */

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { ImportReport } from "../src/features/import/import.report.js";
import { repoRoot } from "./lib/child-server.js";
import { processTreeCpuSeconds } from "./lib/process-cpu.js";
import { machineInfo, resultsDir, writeResults } from "./lib/results.js";

const TARGET_POSTS_PER_SECOND = 1_000;
const TARGET_PEAK_MIB = 250;

function readPositive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(raw)) throw new Error(`${name} must be a whole number above 0.`);
  return Number(raw);
}

const cdata = (text: string) => `<![CDATA[${text}]]>`;

function postXml(id: number, commentsPerPost: number, firstCommentId: number): string {
  const day = String((id % 28) + 1).padStart(2, "0");
  const date = `2020-03-${day} 10:00:00`;
  const comments: string[] = [];
  for (let n = 0; n < commentsPerPost; n++) {
    const commentId = firstCommentId + n;
    const parent = n > 0 && n % 2 === 1 ? commentId - 1 : 0;
    comments.push(
      `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(`Reader ${n}`)}</wp:comment_author>` +
        `<wp:comment_author_email>reader${n}@example.org</wp:comment_author_email><wp:comment_date_gmt>${date}</wp:comment_date_gmt>` +
        `<wp:comment_content>${cdata(`Comment ${commentId} on post ${id}.`)}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>` +
        `<wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`,
    );
  }
  return `<item><title>${cdata(`Generated post ${id}`)}</title><link>https://old.example/2020/03/${day}/post-${id}/</link>
<dc:creator>${cdata(`writer${id % 5}`)}</dc:creator><guid isPermaLink="false">https://old.example/?p=${id}</guid>
<content:encoded>${cdata(`<!-- wp:paragraph --><p>Paragraph one of post ${id}, about the <strong>harbour</strong>.</p><!-- /wp:paragraph -->\n\nA classic paragraph.\nWith a line break.\n\n[caption id="" align="alignnone"]<img src="https://old.example/wp-content/uploads/2020/03/p${id}.jpg" alt="Photo ${id}" /> Caption ${id}[/caption]`)}</content:encoded>
<excerpt:encoded>${cdata(`Standfirst of post ${id}.`)}</excerpt:encoded><wp:post_id>${id}</wp:post_id><wp:post_date>${date}</wp:post_date>
<wp:post_date_gmt>${date}</wp:post_date_gmt><wp:post_name>post-${id}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type><category domain="category" nicename="section-${id % 10}">${cdata(`Section ${id % 10}`)}</category>
<category domain="post_tag" nicename="tag-${id % 200}">${cdata(`Tag ${id % 200}`)}</category>
<wp:postmeta><wp:meta_key>_snax_upvote_count</wp:meta_key><wp:meta_value>${id % 50}</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_snax_downvote_count</wp:meta_key><wp:meta_value>${id % 7}</wp:meta_value></wp:postmeta>
${comments.join("\n")}</item>
`;
}

async function writeWxr(file: string, posts: number, comments: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url>
`);
  for (let n = 0; n < 5; n++) {
    await write(
      `<wp:author><wp:author_login>writer${n}</wp:author_login><wp:author_email>w${n}@old.example</wp:author_email><wp:author_display_name>Writer ${n}</wp:author_display_name></wp:author>\n`,
    );
  }
  for (let n = 0; n < 10; n++) {
    await write(
      `<wp:category><wp:term_id>${n + 1}</wp:term_id><wp:category_nicename>section-${n}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Section ${n}</wp:cat_name></wp:category>\n`,
    );
  }
  const perPost = Math.floor(comments / posts);
  let extra = comments - perPost * posts;
  let commentId = 1;
  for (let id = 1; id <= posts; id++) {
    const count = perPost + (extra-- > 0 ? 1 : 0);
    await write(postXml(id + 1000, count, commentId));
    commentId += count;
  }
  await write("</channel></rss>\n");
  out.end();
  await once(out, "finish");
}

/** Compiles src/ into dist/, which bin/masthead.js runs, so the figures are of this source. */
async function buildCli(): Promise<void> {
  const tsc = join(repoRoot, "node_modules/.bin/tsc");
  const child = spawn(tsc, ["-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "inherit" });
  const [code] = await once(child, "close");
  if (code !== 0) throw new Error(`building the CLI failed (exit ${code})`);
}

/** The peak RSS so far (VmHWM) of a live process, in MiB; undefined once it has gone. */
async function peakRssMiB(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

const RSS_SAMPLE_MS = 25;

interface CliRun {
  report: ImportReport;
  seconds: number;
  peakMiB: number;
  /** CPU seconds the import process used: what a loaded machine cannot distort. */
  cpuSeconds: number;
}

/**
 * `masthead import wordpress FILE --report …` as a user runs it (bin/masthead.js, its shebang's node
 * flags included), its output shown as it goes; VmHWM is sampled until it exits (the kernel's own
 * peak, so only growth in the last sample interval could be missed).
 */
async function importWithCli(file: string, databaseUrl: string, reportFile: string): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(
    join(repoRoot, "bin/masthead.js"),
    ["import", "wordpress", file, "--report", reportFile],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, MEDIA_DIR: join(resultsDir, "import-media") },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const exited = once(child, "close") as Promise<[number | null]>;
  let peakMiB = 0;
  let cpuSeconds = 0;
  let running = true;
  void exited.then(() => {
    running = false;
  });
  while (running && child.pid !== undefined) {
    peakMiB = Math.max(peakMiB, (await peakRssMiB(child.pid)) ?? 0);
    cpuSeconds = Math.max(cpuSeconds, processTreeCpuSeconds(child.pid));
    await new Promise((resolve) => setTimeout(resolve, RSS_SAMPLE_MS));
  }
  const [code] = await exited;
  if (code !== 0) throw new Error(`masthead import wordpress failed (exit ${code})`);
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(await readFile(reportFile, "utf8")) as ImportReport;
  return { report, seconds, peakMiB, cpuSeconds };
}

/** Both runs must account for every generated post and comment: the first imports, the second leaves alone. */
function checkCounts(run: CliRun, outcome: "imported" | "unchanged", posts: number, comments: number): void {
  const { counts } = run.report;
  const found = { posts: counts.posts[outcome], comments: counts.comments[outcome] };
  if (found.posts !== posts || found.comments !== comments)
    throw new Error(
      `expected ${posts} posts and ${comments} comments ${outcome}, the report says ${found.posts} and ${found.comments}`,
    );
}

interface Database {
  url: string;
  dialect: string;
  drop: () => Promise<void>;
}

/** A fresh SQLite file, or a database of its own on the PostgreSQL server given, dropped afterwards. */
async function freshDatabase(serverUrl: string | undefined): Promise<Database> {
  if (serverUrl === undefined) {
    const dbFile = join(resultsDir, "import-bench.db");
    await rm(dbFile, { force: true });
    return { url: `sqlite:${dbFile}`, dialect: "sqlite", drop: async () => {} };
  }
  const name = `masthead_import_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dialect: "postgres",
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const posts = readPositive("BENCH_POSTS", 50_000);
  const comments = readPositive("BENCH_COMMENTS", 200_000);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, "import-bench.wxr");
  const reportFile = join(resultsDir, "import-bench-report.json");
  console.log("Building the CLI…");
  await buildCli();
  console.log(
    `Writing a WXR of ${posts.toLocaleString("en")} posts and ${comments.toLocaleString("en")} comments…`,
  );
  await writeWxr(file, posts, comments);
  console.log(`  ${((await stat(file)).size / 1024 / 1024).toFixed(0)} MiB at ${file}`);
  const database = await freshDatabase(process.env.BENCH_DATABASE_URL);
  try {
    const first = await importWithCli(file, database.url, reportFile);
    checkCounts(first, "imported", posts, comments);
    const again = await importWithCli(file, database.url, reportFile);
    checkCounts(again, "unchanged", posts, comments);
    const postsPerSecond = posts / first.seconds;
    console.log(
      `First import (${database.dialect}): ${posts} posts, ${comments} comments in ${first.seconds.toFixed(1)} s (the whole command)`,
    );
    console.log(
      `  ${postsPerSecond.toFixed(0)} posts/s (target ≥ ${TARGET_POSTS_PER_SECOND}); ${first.cpuSeconds.toFixed(1)} s of CPU, ${(posts / first.cpuSeconds).toFixed(0)} posts per CPU-second`,
    );
    console.log(
      `  peak RSS of the import process ${first.peakMiB.toFixed(0)} MiB (target ≤ ${TARGET_PEAK_MIB})`,
    );
    console.log(
      `Same file again: all unchanged in ${again.seconds.toFixed(1)} s (${(again.seconds / first.seconds).toFixed(2)}× the first import), peak RSS ${again.peakMiB.toFixed(0)} MiB`,
    );
    const path = await writeResults(`import-${database.dialect}`, {
      posts,
      comments,
      seconds: first.seconds,
      postsPerSecond,
      peakMiB: first.peakMiB,
      cpuSeconds: first.cpuSeconds,
      noopSeconds: again.seconds,
      noopPeakMiB: again.peakMiB,
      machine: machineInfo(),
    });
    console.log(`Figures written to ${path}`);
  } finally {
    await database.drop();
  }
}

await main();
