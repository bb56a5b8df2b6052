import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RECORDER = fileURLToPath(new URL("./record-loaded-modules.mjs", import.meta.url));

/** The node flags and environment that make a child process write every module it loads to `logFile`. */
export const recordingLoadedModules = (logFile: string) => ({
  nodeArgs: ["--import", RECORDER],
  env: { LOADED_MODULES_LOG: logFile },
});

/** The packages a recorded process loaded any file of, by name ("fastify", "@aws-sdk/client-s3"). */
export function loadedPackages(logFile: string): Set<string> {
  const packages = new Set<string>();
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    // Greedy: the innermost node_modules folder names the package a nested dependency belongs to.
    const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1];
    if (name) packages.add(name);
  }
  return packages;
}

/** The libraries bundled in Node itself that a recorded process loaded, by name ("undici", "acorn"). */
export function loadedNodeLibraries(logFile: string): Set<string> {
  const libraries = new Set<string>();
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const name = /^node:internal\/deps\/([^/]+)/.exec(line)?.[1];
    if (name) libraries.add(name);
  }
  return libraries;
}
