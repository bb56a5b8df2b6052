/**
 * Loaded into every test file's process (`npm run test:only`): once the file's tests and hooks are all
 * done, the process gets EXIT_GRACE_MS to end by itself, then is ended, so that a socket or a child
 * left open cannot keep the run waiting until CI's limit (decision 0054).
 *
 * Not `--test-force-exit`: on Node 22 and 24 it ends a file's process as soon as the tests it knows of
 * are done, and the results of those it had not yet reported are dropped from the run's report without a
 * failure (45 tests of markdown-rendering.test.ts reported as 30, and 1,125 of 1,196 in all).
 *
 * Plain JavaScript, and inert off the main thread: worker threads inherit `--import`, and the compiled
 * vote writer's thread runs without tsx.
 */
import { isMainThread } from "node:worker_threads";

const EXIT_GRACE_MS = 10_000;

if (isMainThread) {
  const { after } = await import("node:test");
  after(() => {
    // Unref'd: a process with nothing left open ends at once, as it would without this.
    setTimeout(() => {
      process.stderr.write(
        `${process.argv[1] ?? "a test file"}: its tests are done but something kept it open for ${EXIT_GRACE_MS / 1000} s; ending it\n`,
      );
      process.exit();
    }, EXIT_GRACE_MS).unref();
  });
}
