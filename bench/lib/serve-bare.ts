/**
 * Child entry: a bare node:http server answering every request with one file's bytes.
 * Usage: node --import tsx bench/lib/serve-bare.ts --body FILE --content-type TYPE
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startBareServer } from "./bare-server.js";
import { announce, exitWithParent } from "./child-side.js";

const { values } = parseArgs({
  options: { body: { type: "string" }, "content-type": { type: "string" } },
});
if (!values.body || !values["content-type"]) throw new Error("serve-bare needs --body and --content-type");

const body = await readFile(values.body);
const { server, url } = await startBareServer({ body, contentType: values["content-type"] });
exitWithParent(() => new Promise((resolve) => server.close(() => resolve())));
announce({ url, pid: process.pid, bytes: body.length });
