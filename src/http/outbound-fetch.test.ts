import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it, type TestContext } from "node:test";
import { fetchOutbound, type OutboundLimits, RefusedFetch } from "./outbound-fetch.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local web server (on 127.0.0.1, which the rules refuse unless a test allows it); counts requests. */
async function localServer(t: TestContext, routes: Record<string, Handler>) {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    const handler = routes[request.url ?? ""];
    if (handler) return handler(request, response);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, port, seen };
}

const LIMITS: OutboundLimits = {
  timeoutMs: 2000,
  maxBytes: 1000,
  maxRedirects: 2,
  accept: "text/html",
  keepTruncated: true,
};
const allowLoopbackV4 = { ...LIMITS, allowAddress: (address: string) => address === "127.0.0.1" };

const html: Handler = (_request, response) =>
  response.writeHead(200, { "content-type": "text/html" }).end("<title>Hello</title>");

describe("fetchOutbound", () => {
  it("refuses a loopback server unless the caller allows that address, and sends nothing to it", async (t) => {
    const server = await localServer(t, { "/": html });
    await assert.rejects(fetchOutbound(`${server.base}/`, LIMITS), RefusedFetch);
    await assert.rejects(fetchOutbound(`http://localhost:${server.port}/`, LIMITS), RefusedFetch);
    assert.equal(server.seen.length, 0);
    const allowed = await fetchOutbound(`${server.base}/`, allowLoopbackV4);
    assert.equal(allowed.body.toString(), "<title>Hello</title>");
  });

  it("refuses other schemes, passwords, and literal private, metadata and mapped addresses", async () => {
    for (const address of [
      "file:///etc/passwd",
      "ftp://example.com/",
      "gopher://example.com/",
      "http://user:secret@example.com/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[fd00:ec2::254]/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://10.0.0.1/",
      "not a url",
    ])
      await assert.rejects(fetchOutbound(address, LIMITS), RefusedFetch, address);
  });

  it("checks every redirect: none to a private address, and at most maxRedirects", async (t) => {
    const server = await localServer(t, {
      "/to-metadata": (_request, response) =>
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
      "/to-ipv6-loopback": (_request, response) =>
        response.writeHead(301, { location: `http://[::1]:${server.port}/` }).end(),
      "/to-file": (_request, response) => response.writeHead(302, { location: "file:///etc/passwd" }).end(),
      "/loop": (_request, response) => response.writeHead(302, { location: "/loop" }).end(),
      "/hop": (_request, response) => response.writeHead(307, { location: "/" }).end(),
      "/": html,
    });
    for (const path of ["/to-metadata", "/to-ipv6-loopback", "/to-file", "/loop"])
      await assert.rejects(fetchOutbound(`${server.base}${path}`, allowLoopbackV4), RefusedFetch, path);
    assert.equal(server.seen.filter((request) => request.url === "/loop").length, 3);
    const followed = await fetchOutbound(`${server.base}/hop`, allowLoopbackV4);
    assert.equal(followed.url.pathname, "/");
  });

  it("sends no cookies, even ones set along the way", async (t) => {
    const server = await localServer(t, {
      "/set": (_request, response) =>
        response.writeHead(302, { location: "/echo", "set-cookie": "session=secret; Path=/" }).end(),
      "/echo": (request, response) =>
        response
          .writeHead(200, { "content-type": "text/plain" })
          .end(`cookie=${request.headers.cookie ?? ""}`),
    });
    const answer = await fetchOutbound(`${server.base}/set`, allowLoopbackV4);
    assert.equal(answer.body.toString(), "cookie=");
  });

  it("keeps only the first maxBytes of a page, and refuses a file over the cap", async (t) => {
    const server = await localServer(t, {
      "/big": (_request, response) => {
        response.writeHead(200, { "content-type": "text/html" });
        response.end("x".repeat(50_000));
      },
    });
    const page = await fetchOutbound(`${server.base}/big`, allowLoopbackV4);
    assert.equal(page.body.length, LIMITS.maxBytes);
    await assert.rejects(
      fetchOutbound(`${server.base}/big`, { ...allowLoopbackV4, keepTruncated: false }),
      /too large/,
    );
  });

  it("gives up at the deadline when the server never answers", async (t) => {
    const server = await localServer(t, { "/hang": () => {} });
    await assert.rejects(fetchOutbound(`${server.base}/hang`, { ...allowLoopbackV4, timeoutMs: 200 }), {
      name: /AbortError|TimeoutError/,
    });
  });
});
