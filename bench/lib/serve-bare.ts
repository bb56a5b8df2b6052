/**
 * Child entry: a bare node:http server answering every request with one file's bytes; with
 * `--workers N` (N > 1), N node:cluster workers sharing the port, as `masthead start` runs them.
 * Usage: node --import tsx bench/lib/serve-bare.ts --body FILE --content-type TYPE [--workers N]
 */
import cluster from "node:cluster";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startBareServer } from "./bare-server.js";
import { announce, exitWithParent } from "./child-side.js";

const { values } = parseArgs({
  options: {
    body: { type: "string" },
    "content-type": { type: "string" },
    workers: { type: "string", default: "1" },
    port: { type: "string", default: "0" },
  },
});
if (!values.body || !values["content-type"]) throw new Error("serve-bare needs --body and --content-type");
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1)
  throw new Error(`--workers must be a count, not ${values.workers}`);

const body = await readFile(values.body);
const response = { body, contentType: values["content-type"] };

if (cluster.isWorker) {
  // Workers leave when the primary goes: cluster ends a worker whose channel to it closes.
  await startBareServer(response, "127.0.0.1", Number(values.port));
} else if (workers === 1) {
  const { server, url } = await startBareServer(response);
  exitWithParent(() => new Promise((resolve) => server.close(() => resolve())));
  announce({ url, pid: process.pid, bytes: body.length });
} else {
  // A port chosen here, so every worker listens on the same one.
  const probe = await startBareServer(response);
  const { url } = probe;
  const port = new URL(url).port;
  await new Promise((resolve) => probe.server.close(resolve));
  cluster.setupPrimary({ args: [...process.argv.slice(2), "--port", port] });
  await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = cluster.fork();
      return new Promise((resolve) => worker.once("listening", resolve));
    }),
  );
  // Disconnected workers close their server and exit on their own, so --cpu-prof can write profiles.
  exitWithParent(() => new Promise((resolve) => cluster.disconnect(() => resolve())));
  announce({ url, pid: process.pid, bytes: body.length, workers });
}
