import { readFileSync } from "node:fs";

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ, fixed at 100 for user space). */
const TICKS_PER_SECOND = 100;

const readOr = (path: string, fallback: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
};

/** User + system CPU seconds of one process, all its threads included; 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`, "");
  // Fields after the command (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command.
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by a process and its children (a node:cluster primary and its workers,
 * with their threads): how much of the machine a server took for a run, whatever else ran beside it.
 */
export function processTreeCpuSeconds(pid: number): number {
  const children = readOr(`/proc/${pid}/task/${pid}/children`, "").split(" ").filter(Boolean).map(Number);
  return cpuSecondsOf(pid) + children.reduce((sum, child) => sum + processTreeCpuSeconds(child), 0);
}
