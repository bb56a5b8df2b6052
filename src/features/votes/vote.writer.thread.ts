// Entry point of the vote writer's worker thread (see VoteWriter): its own connection to the SQLite
// file, writing one batch at a time in the order they arrive.
import { parentPort, workerData } from "node:worker_threads";
import { startQuietCollector } from "../../core/quiet-collector.js";
import { BUSY_TIMEOUT_MS, PAGE_CACHE_KIB } from "../../storage/dialects/sqlite.js";
import { openStorage } from "../../storage/storage.js";
import type { CastVote } from "./vote.service.js";
import { batchWriteOn } from "./vote.writer.js";

/** Busy under 1% of the collector's interval: 50 ms in 5 s, a few batches at most. */
const VOTES_STOPPED_UTILIZATION = 0.01;

const port = parentPort;
if (!port) throw new Error("vote.writer.thread runs only as a worker thread");
const { file, secret } = workerData as { file: string; secret: string };
// Off the event loop, a batch may wait its turn behind another connection's transaction.
const storage = openStorage(
  { dialect: "sqlite", path: file },
  { busyTimeoutMs: BUSY_TIMEOUT_MS.offLoop, pageCacheKiB: PAGE_CACHE_KIB.voteWriter },
);
const write = batchWriteOn(storage, secret);
// The thread is a V8 heap of its own, which the server's collector cannot reach: a burst of votes grows
// its young generation to 128 MiB, and on Node 24 it holds 8 MiB of it from its start (decision 0062).
// Its pause would hold back every vote waiting for a write, so it waits until the votes have stopped.
startQuietCollector({ quietBelow: VOTES_STOPPED_UTILIZATION });

let queue = Promise.resolve();
port.on("message", ({ id, votes }: { id: number; votes: CastVote[] }) => {
  queue = queue.then(async () => {
    try {
      port.postMessage({ id, batch: await write(votes) });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
