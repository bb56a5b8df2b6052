import { performance } from "node:perf_hooks";
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How often the collector looks at the heap and at how busy the event loop was since the last look. */
export const QUIET_CHECK_INTERVAL_MS = 5_000;
/**
 * Under this share of an interval spent running JavaScript, the process counts as quiet: a full
 * collection's pause (30–40 ms on the demo site and at 100k articles) then delays only the few requests
 * that arrive during it. Above it V8's own incremental collections do the work.
 */
export const QUIET_UTILIZATION = 0.2;
/** Heap committed beyond the size left by the last collection that is worth a collection to give back. */
export const WORTH_RELEASING_BYTES = 16 * 1024 * 1024;

export interface HeapLook {
  /** Share of the last interval the event loop spent running (0..1), from eventLoopUtilization. */
  utilization: number;
  /** V8's committed heap now (total_heap_size). */
  committedBytes: number;
  /** The committed heap right after the last collection (0 before the first). */
  baselineBytes: number;
}

export type QuietStep = "wait" | "young" | "full";

/**
 * What to collect at this look. Only when the process is quiet (busy under `quietBelow` of the
 * interval, QUIET_UTILIZATION unless the caller is stricter), and only when the
 * heap has grown enough since the last collection to be worth giving back.
 *
 * Two steps, a look apart, because V8 shrinks the young generation at a full collection only when it
 * sees a low allocation rate, which it measures between collections: the young collection closes the
 * span that still holds the burst's allocations, so the full one, a quiet interval later, measures the
 * quiet rate and, if that is low, gives the young generation back as well as old space's garbage.
 */
export function nextStep(look: HeapLook, youngCollected: boolean, quietBelow = QUIET_UTILIZATION): QuietStep {
  const quiet = look.utilization < quietBelow;
  if (!quiet || look.committedBytes - look.baselineBytes < WORTH_RELEASING_BYTES) return "wait";
  return youngCollected ? "full" : "young";
}

export interface AfterFull {
  /** What the next collection's growth is measured from: 0 makes the next quiet looks collect again. */
  baselineBytes: number;
  retried: boolean;
}

/**
 * Where to measure growth from after a full collection. V8 may keep the young generation when
 * something ran between the two looks (the minute's newsletter check, say: it allocates enough to
 * count as a busy rate), so a young generation still grown gets one more pair of collections.
 */
export function afterFull(
  heap: { committedBytes: number; newSpaceBytes: number },
  retried: boolean,
): AfterFull {
  const retry = !retried && heap.newSpaceBytes >= WORTH_RELEASING_BYTES;
  return { baselineBytes: retry ? 0 : heap.committedBytes, retried: retry };
}

type Collect = (options?: { type: "minor" }) => void;

/**
 * V8's collector. It is exposed for this process only through a fresh context, so that no page script
 * or library sees a global `gc` (V8 reads --expose-gc when a context is created). Called without
 * options it collects everything it can, reducing memory; `{ type: "minor" }` is a young collection.
 * The flag is the process's, not the thread's: two threads taking their collectors at the same moment
 * could unset it under each other, so the server takes its own before it starts the vote writer's thread.
 */
function exposedCollector(): Collect {
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as Collect;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

export interface Released {
  beforeBytes: number;
  afterBytes: number;
  pauseMs: number;
}

export interface QuietCollectorOptions {
  intervalMs?: number;
  /** The share of an interval busy under which the thread counts as quiet (QUIET_UTILIZATION). */
  quietBelow?: number;
  onCollect?: (released: Released) => void;
}

/**
 * Gives memory back after a burst of traffic. Under load V8 grows its young generation (up to the
 * --max-semi-space-size the server runs with, decision 0011) and lets promoted garbage pile up in old
 * space until its next limit; when traffic stops nothing allocates, so no collection comes, and V8's
 * memory reducer did not act either (RSS unchanged over 90 s idle): the server keeps its peak size.
 * Full collections while the loop is quiet shrink both (see nextStep and afterFull; decision 0056).
 * Returns a stop function; the timer never keeps the process alive.
 */
export function startQuietCollector(options: QuietCollectorOptions = {}): () => void {
  const collect = exposedCollector();
  // Nothing collected yet: the first quiet looks also give back what starting up left behind.
  let baselineBytes = 0;
  let youngCollected = false;
  let retried = false;
  let lastUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, lastUtilization);
    lastUtilization = now;
    const committedBytes = getHeapStatistics().total_heap_size;
    const step = nextStep({ utilization, committedBytes, baselineBytes }, youngCollected, options.quietBelow);
    youngCollected = step === "young";
    if (step === "young") collect({ type: "minor" });
    if (step !== "full") return;
    const started = performance.now();
    collect();
    const pauseMs = performance.now() - started;
    const afterBytes = getHeapStatistics().total_heap_size;
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    ({ baselineBytes, retried } = afterFull(
      { committedBytes: afterBytes, newSpaceBytes: newSpace?.space_size ?? 0 },
      retried,
    ));
    options.onCollect?.({ beforeBytes: committedBytes, afterBytes, pauseMs });
  }, options.intervalMs ?? QUIET_CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
