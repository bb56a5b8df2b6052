import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import {
  afterFull,
  nextStep,
  QUIET_UTILIZATION,
  type Released,
  startQuietCollector,
  WORTH_RELEASING_BYTES,
} from "./quiet-collector.js";

const MiB = 1024 * 1024;

describe("nextStep", () => {
  const grown = { committedBytes: 100 * MiB, baselineBytes: 100 * MiB - WORTH_RELEASING_BYTES };

  it("collects the young generation at the first quiet look, then everything at the next", () => {
    assert.equal(nextStep({ ...grown, utilization: 0 }, false), "young");
    assert.equal(nextStep({ ...grown, utilization: QUIET_UTILIZATION / 2 }, true), "full");
  });

  it("never pauses a busy process", () => {
    assert.equal(nextStep({ ...grown, utilization: QUIET_UTILIZATION }, false), "wait");
    assert.equal(nextStep({ ...grown, utilization: 0.9 }, true), "wait");
  });

  it("waits for the stricter quiet a caller asks for", () => {
    assert.equal(nextStep({ ...grown, utilization: 0.05 }, true, 0.01), "wait");
    assert.equal(nextStep({ ...grown, utilization: 0.005 }, true, 0.01), "full");
  });

  it("leaves a heap alone that has not grown enough to be worth a pause", () => {
    const barely = { committedBytes: grown.committedBytes - 1, baselineBytes: grown.baselineBytes };
    assert.equal(nextStep({ ...barely, utilization: 0 }, true), "wait");
    assert.equal(
      nextStep({ committedBytes: 50 * MiB, baselineBytes: 80 * MiB, utilization: 0 }, false),
      "wait",
    );
  });
});

describe("afterFull", () => {
  const shrunk = { committedBytes: 50 * MiB, newSpaceBytes: 2 * MiB };
  const kept = { committedBytes: 120 * MiB, newSpaceBytes: 64 * MiB };

  it("measures the next growth from the heap the collection left", () => {
    assert.deepEqual(afterFull(shrunk, false), { baselineBytes: 50 * MiB, retried: false });
    assert.deepEqual(afterFull(shrunk, true), { baselineBytes: 50 * MiB, retried: false });
  });

  it("tries once more when V8 kept a grown young generation, and only once", () => {
    assert.deepEqual(afterFull(kept, false), { baselineBytes: 0, retried: true });
    assert.deepEqual(afterFull(kept, true), { baselineBytes: 120 * MiB, retried: false });
  });
});

/** Garbage that survives the young collections made while it grows (so it is promoted), then is dropped. */
function burst(): void {
  const kept: number[][] = [];
  for (let i = 0; i < 40_000; i++) kept.push(Array.from({ length: 100 }, (_, j) => i + j));
  assert.equal(kept.length, 40_000);
}

describe("startQuietCollector", () => {
  it("gives back the heap a burst left behind, once the process is quiet", async () => {
    const collections: Released[] = [];
    const stop = startQuietCollector({
      intervalMs: 100,
      onCollect: (released) => collections.push(released),
    });
    try {
      burst();
      for (let waited = 0; collections.length === 0 && waited < 5_000; waited += 50) await sleep(50);
      const [released] = collections;
      assert.ok(released, "a collection came after the burst");
      assert.ok(
        released.beforeBytes - released.afterBytes >= WORTH_RELEASING_BYTES,
        `released ${(released.beforeBytes - released.afterBytes) / MiB} MiB`,
      );
    } finally {
      stop();
    }
  });

  it("gives back a worker thread's own heap, which the process's collector cannot reach", async () => {
    // As the vote writer's thread runs it (decision 0062): a burst in the thread, then quiet looks there.
    const collector = new URL("./quiet-collector.ts", import.meta.url).href;
    const boot = `
      const { parentPort } = await import("node:worker_threads");
      (await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})).register();
      const { startQuietCollector } = await import(${JSON.stringify(collector)});
      const kept = [];
      for (let i = 0; i < 40_000; i++) kept.push(Array.from({ length: 100 }, (_, j) => i + j));
      kept.length = 0;
      const stop = startQuietCollector({
        intervalMs: 100,
        onCollect: (released) => { stop(); parentPort.postMessage(released); },
      });
      setTimeout(() => {}, 5_000);`;
    const module = `data:text/javascript,${encodeURIComponent(boot)}`;
    const worker = new Worker(`import(${JSON.stringify(module)})`, { eval: true });
    try {
      const released = await new Promise<Released>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", () => reject(new Error("the thread ended without collecting")));
      });
      assert.ok(
        released.beforeBytes - released.afterBytes >= WORTH_RELEASING_BYTES,
        `released ${(released.beforeBytes - released.afterBytes) / MiB} MiB`,
      );
      assert.equal(runInNewContext("typeof gc"), "undefined", "the thread's flag left no gc here");
    } finally {
      await worker.terminate();
    }
  });

  it("exposes no gc function to the process's own or new contexts", () => {
    const stop = startQuietCollector();
    stop();
    assert.equal(
      typeof (globalThis as { gc?: unknown }).gc,
      process.execArgv.includes("--expose-gc") ? "function" : "undefined",
    );
    assert.equal(runInNewContext("typeof gc"), "undefined");
  });
});
