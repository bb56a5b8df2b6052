/**
 * Child entry: Fastify answering every request with one file's bytes, optionally behind the app's
 * security headers. Run beside the bare server it splits the app's cost into framework, headers and
 * the app's own work. Usage: node --import tsx bench/lib/serve-fastify.ts --body FILE
 * --content-type TYPE [--security-headers]
 */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import Fastify from "fastify";
import { registerSecurityHeaders } from "../../src/http/security.js";
import { announce, exitWithParent } from "./child-side.js";

const { values } = parseArgs({
  options: {
    body: { type: "string" },
    "content-type": { type: "string" },
    "security-headers": { type: "boolean", default: false },
  },
});
const contentType = values["content-type"];
if (!values.body || !contentType) throw new Error("serve-fastify needs --body and --content-type");

// The app caches pages as strings, so serve a string too: Node writes strings and Buffers differently.
const body = (await readFile(values.body)).toString("utf8");
const app = Fastify({ logger: false });
if (values["security-headers"]) registerSecurityHeaders(app);
app.get("/*", (_request, reply) => reply.header("content-type", contentType).send(body));
await app.listen({ host: "127.0.0.1", port: 0 });
exitWithParent(() => app.close());
const { address, port } = app.server.address() as AddressInfo;
announce({ url: `http://${address}:${port}`, pid: process.pid, securityHeaders: values["security-headers"] });
