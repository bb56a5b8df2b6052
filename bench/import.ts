/**
 * WordPress import at scale: writes a WXR of BENCH_POSTS posts (default 50,000) with BENCH_COMMENTS
 * comments (default 200,000, threaded) and Snax tallies, imports it into a fresh database
 * (BENCH_DATABASE_URL, default a new SQLite file under .bench/), and prints posts/s and the peak RSS
 * of this process; then imports the same file again and prints how long the no-op took, as a ratio
 * of the first import. Targets on the reference machine: ≥ 1,000 posts/s, ≤ 250 MiB peak RSS.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.js";
import { importWordpress } from "../src/features/import/wordpress.import.js";
import { migrateToLatest } from "../src/storage/migrations/index.js";
import { openStorage } from "../src/storage/storage.js";
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

async function main(): Promise<void> {
  const posts = readPositive("BENCH_POSTS", 50_000);
  const comments = readPositive("BENCH_COMMENTS", 200_000);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, "import-bench.wxr");
  const dbFile = join(resultsDir, "import-bench.db");
  await rm(dbFile, { force: true });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${dbFile}`;
  console.log(
    `Writing a WXR of ${posts.toLocaleString("en")} posts and ${comments.toLocaleString("en")} comments…`,
  );
  await writeWxr(file, posts, comments);
  console.log(`  ${((await stat(file)).size / 1024 / 1024).toFixed(0)} MiB at ${file}`);
  const storage = openStorage(loadConfig({ DATABASE_URL: databaseUrl }).database);
  try {
    await migrateToLatest(storage);
    const rssBefore = process.resourceUsage().maxRSS / 1024;
    const started = performance.now();
    const first = await importWordpress(storage.db, { file, dryRun: false, now: Date.now() });
    const seconds = (performance.now() - started) / 1000;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const againStarted = performance.now();
    const again = await importWordpress(storage.db, { file, dryRun: false, now: Date.now() });
    const noopSeconds = (performance.now() - againStarted) / 1000;
    const postsPerSecond = first.counts.posts.imported / seconds;
    console.log(
      `First import (${storage.dialect}): ${first.counts.posts.imported} posts, ${first.counts.comments.imported} comments in ${seconds.toFixed(1)} s`,
    );
    console.log(`  ${postsPerSecond.toFixed(0)} posts/s (target ≥ ${TARGET_POSTS_PER_SECOND})`);
    console.log(
      `  peak RSS ${peakMiB.toFixed(0)} MiB (target ≤ ${TARGET_PEAK_MIB}; ${rssBefore.toFixed(0)} MiB before the import)`,
    );
    console.log(
      `Same file again: ${again.counts.posts.unchanged} posts unchanged in ${noopSeconds.toFixed(1)} s (${(noopSeconds / seconds).toFixed(2)}× the first import)`,
    );
    const path = await writeResults(`import-${storage.dialect}`, {
      posts,
      comments,
      seconds,
      postsPerSecond,
      peakMiB,
      noopSeconds,
      machine: machineInfo(),
    });
    console.log(`Figures written to ${path}`);
  } finally {
    await storage.close();
  }
}

await main();
