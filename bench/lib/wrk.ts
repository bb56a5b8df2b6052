import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** wrk's figures for one run, as bench/lib/wrk-report.lua prints them, plus a script's own counts. */
export interface WrkReport {
  requests: number;
  durationUs: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  /** Answers with a status outside 2xx and 3xx. */
  non2xx3xx: number;
  latencyMeanUs: number;
  latencyP50Us: number;
  latencyP99Us: number;
  [extra: string]: unknown;
}

export interface WrkOptions {
  url: string;
  seconds: number;
  connections: number;
  /** A Lua script of ours; it must print its report with wrk-report.lua's `report`. */
  script?: string;
  /** Handed to the script's `init(args)`. */
  scriptArgs?: string[];
  /** Longest wait for one answer before wrk counts a timeout. */
  timeoutSeconds?: number;
  /** Request headers, e.g. the Accept-Encoding a crawler sends. */
  headers?: Record<string, string>;
}

export const libFile = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/**
 * wrk (Debian's, C, one thread per core it is given) rather than autocannon: on a 2-core machine the
 * load generator shares the cores with the app, and autocannon, being Node, took half a core that the
 * app then lacked; a bare node:http server measured 10,600 req/s under autocannon and 15,000 under wrk.
 */
export function assertWrkInstalled(): void {
  const probe = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  if (probe.error)
    throw new Error("the benchmarks need wrk: install Debian's package (sudo apt-get install -y wrk)");
}

/** One wrk run with one thread, against 127.0.0.1 only, reduced to its JSON report. */
export async function runWrk(options: WrkOptions): Promise<WrkReport> {
  const {
    url,
    seconds,
    connections,
    script = libFile("wrk-report.lua"),
    scriptArgs = [],
    headers = {},
  } = options;
  if (new URL(url).hostname !== "127.0.0.1") throw new Error(`refusing to load ${url}: only 127.0.0.1`);
  const args = [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    `--timeout`,
    `${options.timeoutSeconds ?? 10}s`,
    ...Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    "-s",
    script,
    url,
    ...(scriptArgs.length > 0 ? ["--", ...scriptArgs] : []),
  ];
  const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const line = stdout.split("\n").find((text) => text.startsWith("WRK_JSON "));
  if (code !== 0 || !line)
    throw new Error(`wrk ${args.join(" ")} failed (exit ${code}):\n${stderr}${stdout}`);
  return JSON.parse(line.slice("WRK_JSON ".length)) as WrkReport;
}
