import cluster, { type Worker } from "node:cluster";

// A worker that dies is replaced after this pause, so a worker that crashes at start cannot spin.
const RESTART_DELAY_MS = 1_000;

/**
 * The primary process of WEB_CONCURRENCY > 1: forks the workers (each runs `startServer` and shares
 * the listening port), replaces any that dies, and on SIGTERM/SIGINT passes the signal on, waits for
 * every worker to drain, and exits — killing stragglers after `deadlineMs`. Resolves once every
 * worker listens.
 */
export async function superviseWorkers(count: number, deadlineMs: number): Promise<void> {
  let stopping = false;
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (workers().length === 0) process.exit(0);
      return;
    }
    console.error(
      `masthead: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`,
    );
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });

  const stop = () => {
    stopping = true;
    for (const worker of workers()) worker.process.kill("SIGTERM");
    if (workers().length === 0) process.exit(0);
    setTimeout(() => {
      for (const worker of workers()) worker.process.kill("SIGKILL");
      process.exit(1);
    }, deadlineMs).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);

  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = cluster.fork();
          worker.once("listening", () => resolve());
          worker.once("exit", (code) =>
            reject(new Error(`a worker exited with code ${code} before listening`)),
          );
        }),
    ),
  );
}
