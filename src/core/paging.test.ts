import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idRanges, inBatches, pageOf } from "./paging.js";

describe("paging", () => {
  it("cuts limit + 1 rows to a page and says whether another follows", () => {
    assert.deepEqual(pageOf([1, 2, 3], 2), { items: [1, 2], hasNext: true });
    assert.deepEqual(pageOf([1, 2], 2), { items: [1, 2], hasNext: false });
    assert.deepEqual(pageOf([], 2), { items: [], hasNext: false });
  });

  it("reads every row in batches after the last one seen, including an exact multiple of the batch", async () => {
    for (const total of [0, 1, 9, 10, 11, 25]) {
      const all = Array.from({ length: total }, (_, index) => index + 1);
      const asked: Array<number | undefined> = [];
      const fetch = async (after: number | undefined, limit: number) => {
        asked.push(after);
        return all.filter((n) => n > (after ?? 0)).slice(0, limit);
      };
      const seen: number[] = [];
      for await (const n of inBatches(fetch, 5)) seen.push(n);
      assert.deepEqual(seen, all, `${total} rows`);
      assert.equal(asked.length, Math.floor(total / 5) + 1, `${total} rows: batches asked for`);
    }
  });
});

describe("idRanges", () => {
  it("covers 1 to the last id in ranges of the step, the last one reaching past it", () => {
    assert.deepEqual(
      [...idRanges(7, 3)],
      [
        [1, 3],
        [4, 6],
        [7, 9],
      ],
    );
    assert.deepEqual(
      [...idRanges(6, 3)],
      [
        [1, 3],
        [4, 6],
      ],
    );
    assert.deepEqual([...idRanges(0, 3)], []);
  });
});
