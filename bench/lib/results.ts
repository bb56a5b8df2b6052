import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./child-server.js";

/** Where benchmarks leave their figures for other scripts; git-ignored. */
export const resultsDir = join(repoRoot, ".bench");

/** Writes `.bench/<name>.json` and returns its path. */
export async function writeResults(name: string, data: unknown): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.json`);
  await writeFile(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

/** The environment a figure was measured in, since req/s mean little without it. */
export function machineInfo(): Record<string, unknown> {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
  };
}
