import { join } from "node:path";
import { resultsDir } from "./results.js";

/** BENCH_SECONDS (default 10, at least 1): how long each measured phase lasts. */
export function readSeconds(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 10;
  const seconds = Number(raw);
  if (Number.isInteger(seconds) && seconds >= 1) return seconds;
  console.error(`BENCH_SECONDS must be an integer of at least 1, not "${raw}"`);
  process.exit(1);
}

/** With BENCH_CPU_PROF=1, server processes write CPU profiles to .bench/profiles/. */
export function profilingNodeArgs(): string[] {
  if (process.env.BENCH_CPU_PROF !== "1") return [];
  return ["--cpu-prof", "--cpu-prof-dir", join(resultsDir, "profiles")];
}
