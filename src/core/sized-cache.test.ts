import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CacheSizes, SizedCache, stringBytes } from "./sized-cache.js";

describe("SizedCache", () => {
  it("keeps entries within its budget, dropping the least recently used first", () => {
    const cache = new SizedCache<string, string>(100);
    cache.set("a", "first", 40);
    cache.set("b", "second", 40);
    assert.equal(cache.get("a"), "first", "read: now the most recently used");
    cache.set("c", "third", 40);
    assert.equal(cache.get("b"), undefined, "b was the least recently used");
    assert.equal(cache.get("a"), "first");
    assert.equal(cache.get("c"), "third");
    assert.deepEqual([cache.bytes, cache.size], [80, 2]);
  });

  it("replaces an entry under the same key, counting only the new size", () => {
    const cache = new SizedCache<string, string>(100);
    cache.set("a", "small", 10);
    cache.set("a", "larger", 60);
    assert.equal(cache.get("a"), "larger");
    assert.deepEqual([cache.bytes, cache.size], [60, 1]);
  });

  it("keeps nothing bigger than the whole budget, and forgets what was there under that key", () => {
    const cache = new SizedCache<string, string>(100);
    cache.set("a", "fits", 50);
    cache.set("a", "huge", 101);
    assert.equal(cache.get("a"), undefined);
    assert.deepEqual([cache.bytes, cache.size], [0, 0]);
  });

  it("evicts as many entries as an addition needs", () => {
    const cache = new SizedCache<number, number>(100);
    for (let key = 0; key < 10; key++) cache.set(key, key, 10);
    cache.set(99, 99, 95);
    assert.deepEqual([cache.bytes, cache.size], [95, 1]);
  });

  it("sizes strings at two bytes a character plus a fixed overhead", () => {
    assert.equal(stringBytes("abc", "de"), 64 + 10);
  });
});

describe("CacheSizes", () => {
  it("lists every registered cache with its current size", () => {
    const sizes = new CacheSizes();
    const cache = new SizedCache<string, string>(1000);
    sizes.register("widgets", cache);
    cache.set("x", "y", 300);
    assert.deepEqual(sizes.list(), [{ name: "widgets", bytes: 300, entries: 1 }]);
  });
});
