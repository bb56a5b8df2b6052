import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root, so `--import tsx` resolves from our node_modules whatever the caller's cwd. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What every child server prints, as one JSON line on stdout, once it is listening. */
export interface Announcement {
  url: string;
}

export interface ChildServer<T extends Announcement> {
  readonly info: T;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Used to prefix the child's other stdout lines and in error messages. */
  label: string;
  args?: string[];
  /** Extra flags for node itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  startupTimeoutMs?: number;
}

/** `npm start`'s command (package.json): its environment settings, then node's flags before the script. */
function startCommand(): { env: Record<string, string>; nodeFlags: string[] } {
  const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const words = String(packageJson.scripts.start).split(" ");
  const node = words.indexOf("node");
  const env = Object.fromEntries(
    words.slice(0, node).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
  );
  return { env, nodeFlags: words.slice(node + 1, words.indexOf("bin/masthead.js")) };
}

const started = startCommand();

/**
 * Every server in a benchmark runs with the node flags and the environment settings `npm start` gives
 * the app (package.json), the bare baseline included, so the comparison is between programs and not
 * between heap settings. BENCH_NODE_FLAGS replaces the flags, to compare heap settings (e.g.
 * BENCH_NODE_FLAGS="" for V8's own).
 */
export const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? started.nodeFlags.join(" "))
  .split(" ")
  .filter((flag) => flag !== "");

/** Set for every benchmark server, as `npm start` sets them (malloc's trim threshold, decision 0063). */
export const SERVER_ENV = started.env;

const live = new Set<ChildProcess>();

// A crashed or interrupted parent must never leave servers holding a CPU core behind.
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts `node --import tsx <script>` and resolves once it has announced where it listens. */
export async function spawnChildServer<T extends Announcement>(
  script: string,
  options: SpawnOptions,
): Promise<ChildServer<T>> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), "--import", "tsx", script, ...(options.args ?? [])],
    // stdin stays open as a lifeline: the child exits when it closes (see exitWithParent).
    {
      cwd: repoRoot,
      env: { ...(options.env ?? process.env), ...SERVER_ENV },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  live.add(child);
  child.once("exit", () => live.delete(child));
  try {
    const info = await waitForAnnouncement<T>(child, options);
    return { info, pid: child.pid ?? -1, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** A port nothing listens on now: the compiled CLI takes its port from PORT, not from the OS. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Builds dist/ from the source as it is now, so the compiled server is the code under test. */
export function buildCompiledServer(): void {
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("building dist/ failed");
}

/**
 * `masthead start` as an operator runs it: the compiled CLI (dist/, which `npm ci` builds), no tsx in
 * the process, so its memory is what a site's would be (tsx's loader thread alone adds about 90 MB).
 * Resolves once the server says it is running; `env` names the site (DATABASE_URL, MEDIA_DIR).
 */
export async function spawnCompiledServer(options: {
  label: string;
  env: NodeJS.ProcessEnv;
  startupTimeoutMs?: number;
}): Promise<ChildServer<Announcement>> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "bin/masthead.js", "start"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      ...options.env,
      ...SERVER_ENV,
      HOST: "127.0.0.1",
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const running = /^Masthead is running at /;
  try {
    const info = await waitForAnnouncement<Announcement>(child, {
      ...options,
      announcement: (line) => (running.test(line) ? { url: `http://127.0.0.1:${port}` } : undefined),
    });
    return { info, pid: child.pid ?? -1, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function waitForAnnouncement<T extends Announcement>(
  child: ChildProcess,
  options: Pick<SpawnOptions, "label" | "startupTimeoutMs"> & {
    announcement?: (line: string) => T | undefined;
  },
): Promise<T> {
  const { label, startupTimeoutMs = 60_000, announcement = parseAnnouncement<T> } = options;
  return new Promise<T>((resolve, reject) => {
    let announced = false;
    const timer = setTimeout(
      () => reject(new Error(`${label}: no announcement within ${startupTimeoutMs} ms`)),
      startupTimeoutMs,
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const info = announced ? undefined : announcement(line);
      if (!info) {
        process.stderr.write(`[${label}] ${line}\n`);
        return;
      }
      announced = true;
      clearTimeout(timer);
      resolve(info);
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before announcing (code ${code}, signal ${signal})`));
    });
  });
}

function parseAnnouncement<T extends Announcement>(line: string): T | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    const url = (value as Partial<Announcement> | null)?.url;
    return typeof url === "string" ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM lets the child exit cleanly (and flush a CPU profile); SIGKILL if it does not within graceMs. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child this process started and is still running. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => stopChild(child)));
}
