import type { Server } from "node:http";
import { type EventLoopUtilization, performance } from "node:perf_hooks";

/**
 * Page views come first. One event loop answers every request of a process, and each turn it serves
 * every socket that is ready: a flood of votes from many connections would otherwise take as many
 * turns' worth of the loop as it has connections, and the readers of the page would wait behind it.
 * Each vote also costs CPU outside the loop (the writer thread, the network stack) that page views
 * need as well.
 *
 * So background requests (votes) are admitted against a budget, set tick by tick from what the loop
 * did. Each tick counts how busy the loop was and how many requests of each kind arrived. The loop
 * time of one request of each kind is learned from busy ticks that had only that kind; a mixed tick
 * is split between the kinds in proportion to those costs (on a contended machine both kinds slow
 * down alike, so the proportion holds where the absolute costs do not). When a tick finds the loop
 * saturated and background requests taking more than `share` of it while foreground requests came,
 * the next tick admits a quarter fewer background requests than this one did. Otherwise a budget that
 * was used up grows back (by a tenth while the loop stays saturated, by half when it has room), and
 * one that was not used up is lifted. A background request not admitted waits (it is answered later,
 * nothing is dropped), and a client that waits for its answer before sending again is slowed with it.
 */
export interface LoopShareOptions {
  /** The most of a saturated loop (0–1) that background requests may take while foreground requests come. */
  share: number;
  tickMs: number;
  /** A tick this busy (0–1) is saturated. */
  saturatedAt: number;
  /** Only ticks at least this busy (0–1) teach a cost: an idle loop serves slowly. */
  learnFromBusy: number;
  /** How far one tick moves a learned cost down (0–1); up, a tenth of that. */
  smoothing: number;
  /** Milliseconds of loop per request, assumed until ticks have shown them. */
  prior: LoopCosts;
  /** Background requests a tick admits however contended the loop, so they keep moving. */
  minimumBudget: number;
}

/** Milliseconds of event loop one request of each kind takes. */
export interface LoopCosts {
  foregroundMs: number;
  backgroundMs: number;
}

export const LOOP_SHARE_DEFAULTS: LoopShareOptions = {
  share: 0.2,
  tickMs: 50,
  saturatedAt: 0.8,
  learnFromBusy: 0.5,
  smoothing: 0.2,
  // A vote (a JSON POST, a cookie check, a queued write) costs about twice a cached page view.
  prior: { foregroundMs: 0.1, backgroundMs: 0.2 },
  minimumBudget: 4,
};

/** What the event loop did in one tick. */
export interface TickSample {
  busyMs: number;
  elapsedMs: number;
  /** Requests that arrived, background ones excepted. */
  foreground: number;
  /** Background requests that arrived. */
  background: number;
  /** Background requests admitted. */
  admitted: number;
  /** Background requests answered; their answers are work of the tick too. */
  answered: number;
  /** Background requests admitted and not yet answered. */
  unsettled: number;
}

/**
 * A learned cost follows a lower tick fast and a higher one slowly: a tick also holds work no request
 * asked for (a major garbage collection after a flood, timers), which is not a request's cost.
 */
function follow(learned: number, seen: number, smoothing: number): number {
  return learned + (seen - learned) * (seen < learned ? smoothing : smoothing / 10);
}

/** The costs, taught by a busy tick that had requests of one kind only. */
export function learnCosts(costs: LoopCosts, tick: TickSample, options: LoopShareOptions): LoopCosts {
  if (tick.busyMs < tick.elapsedMs * options.learnFromBusy) return costs;
  const { foreground, background, answered, unsettled, busyMs } = tick;
  if (foreground > 0 && background + answered + unsettled === 0) {
    return { ...costs, foregroundMs: follow(costs.foregroundMs, busyMs / foreground, options.smoothing) };
  }
  if (background > 0 && foreground === 0) {
    return { ...costs, backgroundMs: follow(costs.backgroundMs, busyMs / background, options.smoothing) };
  }
  return costs;
}

/** The part (0–1) of the tick's work that went to background requests. */
export function backgroundPart(tick: TickSample, costs: LoopCosts): number {
  const background = tick.background * costs.backgroundMs;
  const foreground = tick.foreground * costs.foregroundMs;
  return background > 0 ? background / (background + foreground) : 0;
}

/**
 * The next tick's budget of background requests, from this tick's `granted` budget (undefined: no
 * limit) and what the tick did.
 */
export function nextBudget(
  granted: number | undefined,
  tick: TickSample,
  costs: LoopCosts,
  options: LoopShareOptions,
): number | undefined {
  const saturated = tick.busyMs >= tick.elapsedMs * options.saturatedAt;
  if (saturated && tick.foreground > 0 && backgroundPart(tick, costs) > options.share) {
    return Math.max(options.minimumBudget, tick.admitted - Math.ceil(tick.admitted / 4));
  }
  if (granted === undefined || tick.admitted < granted) return undefined;
  return granted + Math.ceil(granted / (saturated ? 10 : 2));
}

/** What a background queue needs from a LoopShare. */
export interface Admission {
  /** One background request arrived. */
  noteArrival(): void;
  /** Up to `wanted` background requests may go now: how many. */
  take(wanted: number): number;
  /** Calls back once the budget has been renewed. */
  afterTick(callback: () => void): void;
  /** `count` admitted background requests have been answered. */
  settle(count: number): void;
}

/** The running budget of one process's event loop (see LoopShareOptions). */
export class LoopShare implements Admission {
  private requests = 0;
  private background = 0;
  private admitted = 0;
  private answered = 0;
  private unsettled = 0;
  private costs: LoopCosts;
  /** This tick's budget as granted, and what is left of it; undefined when there is no limit. */
  private granted: number | undefined;
  private left = 0;
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastUtilization: EventLoopUtilization | undefined;

  constructor(private readonly options: LoopShareOptions = LOOP_SHARE_DEFAULTS) {
    this.costs = options.prior;
  }

  /** Counts every request `server` receives; those noted as arrivals are the background ones. */
  watch(server: Server): void {
    server.on("request", () => {
      this.requests++;
    });
    this.lastUtilization = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.measureTick(), this.options.tickMs).unref();
  }

  noteArrival(): void {
    this.background++;
  }

  take(wanted: number): number {
    if (this.granted === undefined) {
      this.admitted += wanted;
      this.unsettled += wanted;
      return wanted;
    }
    const taken = Math.min(wanted, this.left);
    this.left -= taken;
    this.admitted += taken;
    this.unsettled += taken;
    return taken;
  }

  settle(count: number): void {
    this.unsettled -= count;
    this.answered += count;
  }

  afterTick(callback: () => void): void {
    this.waiting.push(callback);
    // Background requests waiting for the budget keep the process alive, as they would in flight.
    this.timer?.ref();
  }

  /** Ends a tick in which the loop was busy `busyMs` out of `elapsedMs`. */
  endTick(busyMs: number, elapsedMs: number): void {
    const tick: TickSample = {
      busyMs,
      elapsedMs,
      foreground: Math.max(0, this.requests - this.background),
      background: this.background,
      admitted: this.admitted,
      answered: this.answered,
      unsettled: this.unsettled,
    };
    this.requests = 0;
    this.background = 0;
    this.admitted = 0;
    this.answered = 0;
    this.costs = learnCosts(this.costs, tick, this.options);
    this.granted = nextBudget(this.granted, tick, this.costs, this.options);
    this.left = this.granted ?? 0;
    this.releaseWaiting();
  }

  /** Stops watching, and lets everything waiting go. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.granted = undefined;
    this.releaseWaiting();
  }

  private measureTick(): void {
    const now = performance.eventLoopUtilization();
    const { active, idle } = performance.eventLoopUtilization(now, this.lastUtilization);
    this.lastUtilization = now;
    this.endTick(active, active + idle);
  }

  private releaseWaiting(): void {
    this.timer?.unref();
    for (const callback of this.waiting.splice(0)) callback();
  }
}
