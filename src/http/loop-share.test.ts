import assert from "node:assert/strict";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { describe, it } from "node:test";
import {
  backgroundPart,
  LOOP_SHARE_DEFAULTS,
  LoopShare,
  learnCosts,
  nextBudget,
  type TickSample,
} from "./loop-share.js";

const costs = { foregroundMs: 0.1, backgroundMs: 0.2 };
const options = { ...LOOP_SHARE_DEFAULTS, share: 0.2, tickMs: 50, smoothing: 0.5, prior: costs };

const tick = (sample: Partial<TickSample>): TickSample => ({
  busyMs: 50,
  elapsedMs: 50,
  foreground: 0,
  background: 0,
  admitted: 0,
  answered: 0,
  unsettled: 0,
  ...sample,
});

/** Equal up to floating-point rounding. */
function assertNear(actual: number, expected: number) {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

describe("learnCosts", () => {
  it("learns the foreground cost from busy ticks with only foreground requests, down fast and up slowly", () => {
    // 625 page views in 50 ms of loop: 0.08 ms each; halfway there from 0.1 with smoothing 0.5.
    assertNear(learnCosts(costs, tick({ foreground: 625 }), options).foregroundMs, 0.09);
    // 250 in 50 ms: 0.2 ms each, a twentieth of the way up from 0.1.
    assertNear(learnCosts(costs, tick({ foreground: 250 }), options).foregroundMs, 0.105);
  });

  it("learns the background cost from busy ticks with only background requests", () => {
    // 500 votes in 50 ms: 0.1 ms each.
    const learned = learnCosts(costs, tick({ background: 500 }), options);
    assertNear(learned.backgroundMs, 0.15);
    assert.equal(learned.foregroundMs, costs.foregroundMs);
  });

  it("learns nothing from mixed ticks, idle ticks, or ticks where earlier votes were still at work", () => {
    for (const sample of [
      { foreground: 500, background: 10 },
      { busyMs: 5, foreground: 50 },
      { foreground: 500, answered: 64 },
      { foreground: 500, unsettled: 64 },
      {},
    ]) {
      assert.deepEqual(learnCosts(costs, tick(sample), options), costs);
    }
  });
});

describe("backgroundPart", () => {
  it("splits the tick's work between the kinds in proportion to their costs", () => {
    // 100 votes at 0.2 ms and 300 page views at 0.1 ms: 20 of 50 ms of work.
    assert.equal(backgroundPart(tick({ foreground: 300, background: 100 }), costs), 0.4);
    assert.equal(backgroundPart(tick({ foreground: 300 }), costs), 0);
  });
});

describe("nextBudget", () => {
  const flooded = tick({ foreground: 300, background: 100, admitted: 100 }); // votes: 0.4 of the work

  it("admits a quarter fewer when background requests take more than their share of a saturated loop", () => {
    assert.equal(nextBudget(undefined, flooded, costs, options), 75);
    assert.equal(nextBudget(200, flooded, costs, options), 75);
  });

  it("never goes below the minimum, so votes keep moving", () => {
    assert.equal(nextBudget(4, { ...flooded, admitted: 2 }, costs, options), options.minimumBudget);
  });

  it("grows back by a tenth while background requests keep to their share of a saturated loop", () => {
    const withinShare = tick({ foreground: 800, background: 50, admitted: 100 }); // 10 of 90 ms
    assert.equal(nextBudget(100, withinShare, costs, options), 110);
    assert.equal(nextBudget(undefined, withinShare, costs, options), undefined);
  });

  it("does not limit background requests when nothing else wants the loop", () => {
    const votesOnly = tick({ background: 500, admitted: 500 });
    assert.equal(nextBudget(undefined, votesOnly, costs, options), undefined);
  });

  it("grows by half once the loop has room, and lifts a limit that no longer binds", () => {
    const roomy = { ...flooded, busyMs: 20 };
    assert.equal(nextBudget(100, roomy, costs, options), 150);
    assert.equal(nextBudget(150, roomy, costs, options), undefined);
  });
});

describe("LoopShare", () => {
  /** A LoopShare counting the requests of a server that never listens; ticks are ended by hand. */
  function watched() {
    const server = createServer();
    const loop = new LoopShare(options);
    loop.watch(server);
    const requests = (count: number) => {
      for (let i = 0; i < count; i++) server.emit("request");
    };
    const votes = (count: number) => {
      requests(count);
      for (let i = 0; i < count; i++) loop.noteArrival();
    };
    return { loop, requests, votes };
  }

  it("admits everything until a flooded tick, then only its budget, renewed each tick", () => {
    const { loop, requests, votes } = watched();
    try {
      assert.equal(loop.take(1000), 1000);
      loop.settle(1000);
      loop.endTick(5, 50);
      requests(300);
      votes(100);
      assert.equal(loop.take(100), 100);
      loop.endTick(50, 50);
      assert.equal(loop.take(1000), 75);
      assert.equal(loop.take(1), 0);
      const renewed: string[] = [];
      loop.afterTick(() => renewed.push("renewed"));
      requests(800);
      votes(50);
      loop.endTick(50, 50);
      assert.deepEqual(renewed, ["renewed"]);
      assert.equal(loop.take(1000), 83);
    } finally {
      loop.close();
    }
  });

  it("measures its ticks from the event loop itself once watching: a saturated tick sets a budget", async () => {
    const server = createServer();
    const loop = new LoopShare({ ...options, tickMs: 10 });
    loop.watch(server);
    try {
      for (let i = 0; i < 300; i++) server.emit("request");
      for (let i = 0; i < 100; i++) {
        server.emit("request");
        loop.noteArrival();
      }
      assert.equal(loop.take(100), 100, "no limit before a tick has been measured");
      // Keep the loop busy past the tick: the interval's first measurement finds it saturated.
      const until = performance.now() + 30;
      while (performance.now() < until) {}
      const budgetAfterTick = await new Promise<number>((resolve) =>
        loop.afterTick(() => resolve(loop.take(1000))),
      );
      assert.equal(budgetAfterTick, 75, "a quarter fewer than the 100 the saturated tick admitted");
    } finally {
      loop.close();
    }
  });

  it("lets everything waiting go when closed", () => {
    const { loop, requests, votes } = watched();
    requests(300);
    votes(100);
    loop.take(100);
    loop.endTick(50, 50);
    loop.take(1000);
    let released = false;
    loop.afterTick(() => {
      released = true;
    });
    loop.close();
    assert.equal(released, true);
    assert.equal(loop.take(1000), 1000);
  });
});
