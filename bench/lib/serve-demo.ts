/**
 * Child entry: the real app on a fresh SQLite database in DATA_DIR, seeded with the demo content.
 * Usage: node --import tsx bench/lib/serve-demo.ts DATA_DIR [--open-vote-limits]
 *
 * --comments N adds N approved comments (threads of 20: a comment and its replies) to the newest
 * article, the one at the top of the home page.
 *
 * --open-vote-limits raises the vote thresholds (per address, per reader, per network) to their
 * schema maxima after seeding. A load generator sends every vote from 127.0.0.1, so with the default
 * thresholds the per-address limit and the per-network hold rule would throttle it, not the app.
 * --open-comment-limits does the same for the comment thresholds (per address, per commenter).
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { systemClock } from "../../src/core/clock.js";
import { listArticles } from "../../src/features/articles/article.queries.js";
import { postComment } from "../../src/features/comments/comment.service.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage } from "../../src/storage/storage.js";
import { listenAndAnnounce } from "./child-side.js";
import { openCommentLimits, openVoteLimits } from "./open-limits.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "open-vote-limits": { type: "boolean", default: false },
    "open-comment-limits": { type: "boolean", default: false },
    comments: { type: "string", default: "0" },
  },
});
const dataDir = positionals[0];
if (!dataDir) throw new Error("serve-demo needs a data directory argument");

const databasePath = join(dataDir, "bench.db");
const config = loadConfig({
  DATABASE_URL: `sqlite:${databasePath}`,
  MEDIA_DIR: join(dataDir, "media"),
  PORT: "0",
});
const storage = openStorage(config.database);
await migrateToLatest(storage);
mkdirSync(config.mediaDir, { recursive: true });
const seeded = await seedDemoContent(storage.db, {
  media: localMediaStore(config.mediaDir),
  now: Date.now(),
});
const voteLimits = values["open-vote-limits"] ? await openVoteLimits(storage.db) : undefined;
const commentLimits = values["open-comment-limits"] ? await openCommentLimits(storage.db) : undefined;
const comments = await addComments(Number(values.comments));
const app = await buildApp({ config, storage, clock: systemClock });
await listenAndAnnounce(app, storage, () => ({
  articles: seeded?.articles ?? 0,
  database: databasePath,
  ...(voteLimits ? { voteLimits } : {}),
  ...(commentLimits ? { commentLimits } : {}),
  ...(comments ? { comments } : {}),
}));

/** Approved comments on the newest article, in threads of 20 with replies nested as deep as they go. */
async function addComments(count: number) {
  if (!(count > 0)) return undefined;
  const now = Date.now();
  const [newest] = (await listArticles(storage.db, { now, page: 1, perPage: 1 })).items;
  if (!newest) throw new Error("no article to comment on");
  const settings = { commentPolicy: "publish", commentsOpenTo: "anyone", bannedWords: "" } as const;
  let parentId: number | null = null;
  for (let i = 0; i < count; i++) {
    const reader = i % 50;
    const posted = await postComment(storage.db, settings, {
      article: { id: newest.id, commentsClosed: false },
      parentId: i % 20 === 0 ? null : parentId,
      text: `Comment ${i + 1} from reader ${reader}. It makes a point about the article, with a link to https://example.org/source-${i} and a second line.\nThat second line.`,
      notifyReplies: false,
      commenter: {
        kind: "guest",
        key: `guest:bench${reader}`,
        name: `Reader ${reader}`,
        email: `reader${reader}@example.org`,
      },
      ipHash: "bench",
      now: now - (count - i) * 1000,
    });
    // Every other reply answers the previous comment, the rest answer the thread's first.
    if (i % 20 === 0 || i % 2 === 0) parentId = posted.id;
  }
  return { slug: newest.slug, count };
}
