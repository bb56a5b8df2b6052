import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";
import type { Config } from "../config.js";

// What a proxy's id looks like (nginx's $request_id, a UUID, …); anything else is replaced by ours.
const FORWARDED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's genReqId: the id in every log line of a request and on its 5xx page. A trusted proxy's
 * X-Request-Id is kept, so one id follows the request from the proxy's log to ours; otherwise the
 * process id and a counter, unique across the workers and as cheap as Fastify's own counter.
 */
export function requestIds(trust: Config["trustProxy"]): (request: IncomingMessage) => string {
  const prefix = `${process.pid.toString(36)}-`;
  let counter = 0;
  const trusted = trust === false ? null : typeof trust === "number" ? () => true : proxyAddr.compile(trust);
  return (request) => {
    // Without a trusted proxy the headers are not looked at: reading them builds Node's header object,
    // which a cached page otherwise never needs.
    if (trusted) {
      const given = request.headers["x-request-id"];
      if (
        typeof given === "string" &&
        FORWARDED_ID.test(given) &&
        trusted(request.socket.remoteAddress ?? "", 0)
      )
        return given;
    }
    counter++;
    return prefix + counter.toString(36);
  };
}
