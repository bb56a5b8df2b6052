import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { libFile, runWrk } from "./wrk.js";

/** Longest a list of first visits may take before wrk gives up on it: far above any run's. */
const CEILING_MS_A_VISIT = 200;

/**
 * Visits each path once, in order, on one kept-alive connection, through wrk and
 * bench/lib/first-visits.lua, and returns each visit's time in ms. Every answer must be a 200.
 */
export async function timeFirstVisits(origin: string, paths: string[]): Promise<number[]> {
  if (paths.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), "masthead-first-visits-"));
  try {
    const pathFile = join(dir, "paths.txt");
    await writeFile(pathFile, `${paths.join("\n")}\n`);
    const report = await runWrk({
      url: `${origin}/`,
      seconds: Math.ceil((paths.length * CEILING_MS_A_VISIT) / 1000),
      connections: 1,
      script: libFile("first-visits.lua"),
      scriptArgs: [pathFile],
    });
    const times = report.timesMs as number[];
    const statuses = report.statuses as number[];
    if (times.length !== paths.length)
      throw new Error(`wrk made ${times.length} of ${paths.length} first visits to ${origin}`);
    const refused = statuses.findIndex((status) => status !== 200);
    if (refused >= 0) throw new Error(`GET ${paths[refused]} answered ${statuses[refused]}`);
    return times;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
