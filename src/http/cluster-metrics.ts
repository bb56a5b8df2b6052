import cluster, { type Worker } from "node:cluster";
import type { Registry } from "prom-client";

/**
 * With WEB_CONCURRENCY > 1 a scrape of /metrics lands on one worker, whose own figures would be a
 * random share of the site's. So that worker asks the primary, which collects every listening
 * worker's metrics as JSON and sums them with prom-client's AggregatorRegistry (counters and
 * histograms add up; the process metrics use prom-client's own aggregators), and answers with the
 * text. The messages ride node:cluster's IPC channel.
 */
const ASK = "masthead:metrics:ask";
const COLLECT = "masthead:metrics:collect";
const COLLECTED = "masthead:metrics:collected";
const ANSWER = "masthead:metrics:answer";

/** A worker that has not answered by then (stuck, or dying) is left out of that scrape. */
const COLLECT_TIMEOUT_MS = 2_000;

/** One worker's metrics, as prom-client's JSON. */
type WorkerMetrics = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

type Message =
  | { type: typeof ASK; id: number }
  | { type: typeof COLLECT; id: number }
  | { type: typeof COLLECTED; id: number; metrics: WorkerMetrics }
  | { type: typeof ANSWER; id: number; text?: string; error?: string };

const isMessage = (value: unknown): value is Message =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { type?: unknown }).type === "string" &&
  (value as { type: string }).type.startsWith("masthead:metrics:");

/**
 * In a worker: answers the primary's collections with `registry`, and returns what /metrics sends:
 * every worker's metrics summed, asked of the primary.
 */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  let nextId = 0;
  const asked = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === COLLECT) {
      // A registry that fails to collect (a collect() callback threw) adds nothing to this scrape.
      registry
        .getMetricsAsJSON()
        .catch(() => [])
        .then((metrics) => process.send?.({ type: COLLECTED, id: message.id, metrics }));
    } else if (message.type === ANSWER) {
      const waiting = asked.get(message.id);
      asked.delete(message.id);
      if (message.text !== undefined) waiting?.resolve(message.text);
      else waiting?.reject(new Error(`the primary could not sum the workers' metrics: ${message.error}`));
    }
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      asked.set(id, { resolve, reject });
      process.send?.({ type: ASK, id });
    });
}

/** In the primary: answers the workers' ASKs (see clusterMetricsText). */
export function aggregateWorkerMetrics(): void {
  const listening = new Set<Worker>();
  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker) => listening.delete(worker));
  let nextCollection = 0;
  const collections = new Map<number, { responses: WorkerMetrics[]; pending: number; done: () => void }>();

  const collect = (): Promise<WorkerMetrics[]> =>
    new Promise((resolve) => {
      const id = nextCollection++;
      const responses: WorkerMetrics[] = [];
      const done = () => {
        collections.delete(id);
        clearTimeout(timer);
        resolve(responses);
      };
      const timer = setTimeout(done, COLLECT_TIMEOUT_MS);
      const workers = [...listening].filter((worker) => worker.isConnected());
      collections.set(id, { responses, pending: workers.length, done });
      for (const worker of workers) worker.send({ type: COLLECT, id });
      if (workers.length === 0) done();
    });

  cluster.on("message", async (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === COLLECTED) {
      const collection = collections.get(message.id);
      if (!collection) return;
      collection.responses.push(message.metrics);
      if (--collection.pending === 0) collection.done();
    } else if (message.type === ASK) {
      let answer: Message;
      try {
        // Loaded with the first scrape: the primary needs prom-client only to sum the workers' figures.
        const { AggregatorRegistry } = await import("prom-client");
        const text = await AggregatorRegistry.aggregate(await collect()).metrics();
        answer = { type: ANSWER, id: message.id, text };
      } catch (error) {
        answer = { type: ANSWER, id: message.id, error: String(error) };
      }
      if (worker.isConnected()) worker.send(answer);
    }
  });
}
