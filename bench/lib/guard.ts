import { stopAllChildren } from "./child-server.js";

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];

/** Registers work for the end of the run, whatever the ending; it runs last-registered first. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

async function cleanUp(): Promise<void> {
  // Children first: temporary files they hold open are removed afterwards.
  await stopAllChildren().catch((error: unknown) => console.error(error));
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(error);
    }
  }
}

/**
 * Runs a benchmark with a hard deadline: on timeout, error or signal every child is stopped,
 * cleanups run and the process exits non-zero, so a stuck run can never hang CI or hold a core.
 */
export function runBounded(name: string, timeoutMs: number, main: () => Promise<void>): void {
  let finished = false;
  const finish = async (code: number, message?: unknown) => {
    if (finished) return;
    finished = true;
    if (message !== undefined) console.error(message);
    // The cleanup itself is bounded too: a child ignoring SIGTERM is killed by stopChild.
    const forceExit = setTimeout(() => process.exit(code || 1), 10_000);
    forceExit.unref();
    await cleanUp();
    process.exit(code);
  };
  const deadline = setTimeout(
    () => void finish(1, `${name}: hard timeout after ${Math.round(timeoutMs / 1000)} s, aborting`),
    timeoutMs,
  );
  deadline.unref();
  process.once("SIGINT", () => void finish(130, `${name}: interrupted`));
  process.once("SIGTERM", () => void finish(143, `${name}: terminated`));
  main().then(
    () => finish(0),
    (error: unknown) => finish(1, error),
  );
}
