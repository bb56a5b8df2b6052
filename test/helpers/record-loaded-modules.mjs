// `node --import ./test/helpers/record-loaded-modules.mjs`: every module the process loads, one a line,
// goes to the file LOADED_MODULES_LOG names; loaded-modules.ts reads it.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const logFile = process.env.LOADED_MODULES_LOG;
if (!logFile) throw new Error("record-loaded-modules needs LOADED_MODULES_LOG");
register("./loaded-modules.hooks.mjs", import.meta.url, { data: { logFile } });
// A CommonJS package that another one require()s never passes the ES module hooks, but stays in require's cache.
process.on("exit", () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  appendFileSync(logFile, required.map((path) => `${path}\n`).join(""));
});
