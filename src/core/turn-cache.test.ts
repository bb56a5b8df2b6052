import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { sharedWithinTurn } from "./turn-cache.js";

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

describe("sharedWithinTurn", () => {
  it("serves every call of one turn from one read per key", async () => {
    const source = new Map([
      ["a", 1],
      ["b", 2],
    ]);
    const { calls, read } = countingRead(source);
    const shared = sharedWithinTurn(read, () => 0);
    const answers = await Promise.all([shared("a"), shared("a"), shared("b"), shared("a")]);
    assert.deepEqual(answers, [1, 1, 2, 1]);
    assert.deepEqual(calls, ["a", "b"]);
  });

  it("reads again in the next turn, and so sees a change made elsewhere", async () => {
    const source = new Map([["a", 1]]);
    const { calls, read } = countingRead(source);
    const shared = sharedWithinTurn(read, () => 0);
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
    const shared = sharedWithinTurn(read, () => changes);
    assert.equal(await shared("a"), 1);
    source.set("a", 2);
    changes++;
    assert.equal(await shared("a"), 2, "same turn, but after a change here");
  });

  it("does not keep a failed read past its turn", async () => {
    const source = new Map<string, number>();
    const { read } = countingRead(source);
    const shared = sharedWithinTurn(read, () => 0);
    await assert.rejects(shared("a"), /no a/);
    source.set("a", 5);
    await nextTurn();
    assert.equal(await shared("a"), 5);
  });
});
