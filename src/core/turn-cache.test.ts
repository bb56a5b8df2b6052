import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { sharedReads } from "./turn-cache.js";

/** A read that counts how often it ran and answers what `source` holds at that moment. */
function countingRead(source: Map<string, number>) {
  const calls: string[] = [];
  const read = async (key: string) => {
    calls.push(key);
    const value = source.get(key);
    if (value === undefined) throw new Error(`no ${key}`);
    return value;
  };
  return { calls, read };
}

/** A read that takes the value `source` holds when it starts, and answers only when `finish` is called. */
function heldRead(source: Map<string, number>) {
  const started: string[] = [];
  const pending: (() => void)[] = [];
  const read = (key: string) => {
    started.push(key);
    const value = source.get(key) ?? 0;
    return new Promise<number>((resolve) => pending.push(() => resolve(value)));
  };
  const finish = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { started, read, finish };
}

describe("sharedReads", () => {
  it("serves every call of one turn from one read per key", async () => {
    const source = new Map([
      ["a", 1],
      ["b", 2],
    ]);
    const { calls, read } = countingRead(source);
    const shared = sharedReads(read, () => 0);
    const answers = await Promise.all([shared("a"), shared("a"), shared("b"), shared("a")]);
    assert.deepEqual(answers, [1, 1, 2, 1]);
    assert.deepEqual(calls, ["a", "b"]);
  });

  it("reads again in the next turn, and so sees a change made elsewhere", async () => {
    const source = new Map([["a", 1]]);
    const { calls, read } = countingRead(source);
    const shared = sharedReads(read, () => 0);
    assert.equal(await shared("a"), 1);
    source.set("a", 2);
    await nextTurn();
    assert.equal(await shared("a"), 2);
    assert.deepEqual(calls, ["a", "a"]);
  });

  it("drops the turn's reads as soon as this process changes something", async () => {
    const source = new Map([["a", 1]]);
    const { read } = countingRead(source);
    let changes = 0;
    const shared = sharedReads(read, () => changes);
    assert.equal(await shared("a"), 1);
    source.set("a", 2);
    changes++;
    assert.equal(await shared("a"), 2, "same turn, but after a change here");
  });

  it("does not keep a failed read past its turn", async () => {
    const source = new Map<string, number>();
    const { read } = countingRead(source);
    const shared = sharedReads(read, () => 0);
    await assert.rejects(shared("a"), /no a/);
    source.set("a", 5);
    await nextTurn();
    assert.equal(await shared("a"), 5);
  });

  it("calls made while an earlier turn's read is under way share the next read, never that one", async () => {
    const source = new Map([["a", 1]]);
    const { started, read, finish } = heldRead(source);
    const shared = sharedReads(read, () => 0);
    const first = shared("a");
    await nextTurn();
    source.set("a", 2); // committed elsewhere after the first read started, before the next calls
    const later = [shared("a"), shared("a")];
    await nextTurn();
    const later2 = shared("a");
    assert.deepEqual(started, ["a"], "one read in flight at a time");
    finish();
    assert.equal(await first, 1);
    await nextTurn();
    finish();
    assert.deepEqual(await Promise.all([...later, later2]), [2, 2, 2]);
    assert.deepEqual(started, ["a", "a"]);
  });

  it("a read under way is not joined after this process changes something, even in its turn", async () => {
    const source = new Map([["a", 1]]);
    const { started, read, finish } = heldRead(source);
    let changes = 0;
    const shared = sharedReads(read, () => changes);
    const first = shared("a");
    source.set("a", 2);
    changes++;
    const after = shared("a");
    finish();
    assert.equal(await first, 1);
    await nextTurn();
    finish();
    assert.equal(await after, 2);
    assert.deepEqual(started, ["a", "a"]);
  });
});
