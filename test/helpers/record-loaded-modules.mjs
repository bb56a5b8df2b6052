// `node --import ./test/helpers/record-loaded-modules.mjs`: every module the process loads, one a line,
// goes to the file LOADED_MODULES_LOG names; loaded-modules.ts reads it.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const logFile = process.env.LOADED_MODULES_LOG;
if (!logFile) throw new Error("record-loaded-modules needs LOADED_MODULES_LOG");
register("./loaded-modules.hooks.mjs", import.meta.url, { data: { logFile } });
// A CommonJS package that another one require()s never passes the ES module hooks, but stays in require's cache.
// Libraries bundled in Node itself (its fetch, undici) load as Node's own modules, listed as node:internal/deps/….
process.on("exit", () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  const bundled = process.moduleLoadList
    .filter((entry) => entry.includes(" internal/deps/"))
    .map((entry) => `node:${entry.split(" ")[1]}`);
  appendFileSync(logFile, [...required, ...bundled].map((path) => `${path}\n`).join(""));
});
