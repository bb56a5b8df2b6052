import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RECORDER = fileURLToPath(new URL("./record-loaded-modules.mjs", import.meta.url));

/** The node flags and environment that make a child process write every module it loads to `logFile`. */
export const recordingLoadedModules = (logFile: string) => ({
  nodeArgs: ["--import", RECORDER],
  env: { LOADED_MODULES_LOG: logFile },
});

/** The first group of `pattern` in every line of the recording that matches it. */
function namesIn(logFile: string, pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const name = pattern.exec(line)?.[1];
    if (name) names.add(name);
  }
  return names;
}

/**
 * The packages a recorded process loaded any file of, by name ("fastify", "@aws-sdk/client-s3"). The
 * match is greedy: the innermost node_modules folder names the package a nested dependency belongs to.
 */
export const loadedPackages = (logFile: string) => namesIn(logFile, /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//);

/** The libraries bundled in Node itself that a recorded process loaded, by name ("undici", "acorn"). */
export const loadedNodeLibraries = (logFile: string) => namesIn(logFile, /^node:internal\/deps\/([^/]+)/);
