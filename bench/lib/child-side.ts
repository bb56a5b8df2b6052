import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { startQuietCollector } from "../../src/core/quiet-collector.js";
import type { Storage } from "../../src/storage/storage.js";
import type { Announcement } from "./child-server.js";

/** Tells the parent where we listen: exactly one JSON line on stdout. */
export function announce(info: Announcement & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

/**
 * Exits (after `close`) on SIGTERM/SIGINT or when the parent's end of stdin closes, so a parent that
 * dies without cleaning up still takes its servers with it. Exiting through process.exit also lets
 * `--cpu-prof` write its profile.
 */
export function exitWithParent(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  process.stdin.once("end", shutdown);
  process.stdin.once("close", shutdown);
  process.stdin.resume();
}

/**
 * Listens on a free loopback port, closes app and database when the parent goes, and announces the
 * URL with the caller's own figures. The app's servers give back memory when quiet, as `masthead
 * start` does (decision 0056), so the soak's RSS is the one an operator sees.
 */
export async function listenAndAnnounce(
  app: FastifyInstance,
  storage: Storage,
  figures: () => Record<string, unknown>,
): Promise<void> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const stopQuietCollector = startQuietCollector();
  exitWithParent(async () => {
    stopQuietCollector();
    await app.close();
    await storage.close();
  });
  const { address, port } = app.server.address() as AddressInfo;
  announce({ url: `http://${address}:${port}`, pid: process.pid, ...figures() });
}
