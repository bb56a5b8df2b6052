import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FixedResponse {
  body: Buffer;
  contentType: string;
}

/** The floor for comparison: node:http answering every request with the same bytes, doing nothing else. */
export async function startBareServer(
  response: FixedResponse,
  host = "127.0.0.1",
  port = 0,
): Promise<{ server: Server; url: string }> {
  const headers = { "content-type": response.contentType, "content-length": response.body.length };
  const server = createServer((_request, reply) => {
    reply.writeHead(200, headers);
    reply.end(response.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const { address, port: actualPort } = server.address() as AddressInfo;
  return { server, url: `http://${address}:${actualPort}` };
}
