import type { LookupAddress } from "node:dns";
import { lookup as resolveAll } from "node:dns/promises";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress } from "../core/public-address.js";

/**
 * Not `import http from "node:http"`: an ES import builds the module's namespace, which on Node 24
 * reads http's lazy WebSocket, CloseEvent and MessageEvent exports and so loads Node's whole fetch
 * library (undici), 2.4 MiB of heap and 14 MiB of RSS that no page uses (decision 0062).
 * getBuiltinModule hands over the same module without reading them.
 */
const http = process.getBuiltinModule("node:http");

/** What a server-side fetch of an address someone typed may do. */
export interface OutboundLimits {
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  accept: string;
  /** HTML: keep the first maxBytes (the head is at the start). Images: over maxBytes is refused. */
  keepTruncated: boolean;
  /**
   * Tests only, passed by the caller (never read from the environment): lets the fetch reach an
   * address the rules refuse, such as a test server on 127.0.0.1.
   */
  allowAddress?: ((address: string) => boolean) | undefined;
}

export interface OutboundResponse {
  /** Where the content came from, after redirects. */
  url: URL;
  contentType: string;
  body: Buffer;
}

/** The address may not be fetched (scheme, private address, too many redirects, too large). */
export class RefusedFetch extends Error {}

const reachable = (address: string, limits: OutboundLimits) =>
  isPublicAddress(address) || limits.allowAddress?.(address) === true;

/**
 * The socket's DNS lookup: every address the name resolves to must be public, and the socket connects
 * to one of those checked addresses, so a second answer (DNS rebinding) cannot slip in.
 */
function guardedLookup(limits: OutboundLimits): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, { all: true }).then(
      (found: LookupAddress[]) => {
        const family = { IPv4: 4, IPv6: 6 }[String(options.family)] ?? Number(options.family ?? 0);
        const usable = found.filter((entry) => !family || entry.family === family);
        const first = usable[0];
        if (!first || found.some((entry) => !reachable(entry.address, limits))) {
          callback(new RefusedFetch(`${hostname} is not an address on the public internet.`), "", 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

function checkUrl(url: URL, limits: OutboundLimits): void {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new RefusedFetch("Only http and https addresses are fetched.");
  if (url.username || url.password) throw new RefusedFetch("Addresses with a password are not fetched.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address never goes through the lookup above.
  if (isIP(host) && !reachable(host, limits))
    throw new RefusedFetch(`${host} is not an address on the public internet.`);
}

type Hop = { redirect: string } | { contentType: string; body: Buffer };

/** One request, no cookies sent or kept, no connection reuse; a redirect is returned, not followed. */
function requestOnce(url: URL, limits: OutboundLimits, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const options = {
      method: "GET",
      agent: false as const,
      signal,
      lookup: guardedLookup(limits),
      headers: { accept: limits.accept, "accept-encoding": "identity", "user-agent": "MastheadLinkCard/1" },
    };
    const request = client.request(url, options, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.destroy();
        return resolve({ redirect: location });
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        return reject(new Error(`The address answered ${status}.`));
      }
      const contentType = String(response.headers["content-type"] ?? "");
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        const room = limits.maxBytes - size;
        size += chunk.length;
        if (size <= limits.maxBytes) return void chunks.push(chunk);
        response.destroy();
        if (!limits.keepTruncated) return reject(new RefusedFetch("The file is too large."));
        chunks.push(chunk.subarray(0, room));
        resolve({ contentType, body: Buffer.concat(chunks) });
      });
      response.on("end", () => resolve({ contentType, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

/**
 * GET of an address a writer typed, made safe to run from the server: only http(s), only public
 * addresses (checked again after every redirect and at connection time), a deadline, a size cap.
 */
export async function fetchOutbound(address: string, limits: OutboundLimits): Promise<OutboundResponse> {
  if (!URL.canParse(address)) throw new RefusedFetch("That is not a web address.");
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = new URL(address);
  for (let redirects = 0; ; redirects++) {
    checkUrl(url, limits);
    const hop = await requestOnce(url, limits, signal);
    if (!("redirect" in hop)) return { url, ...hop };
    if (redirects >= limits.maxRedirects) throw new RefusedFetch("Too many redirects.");
    url = new URL(hop.redirect, url);
  }
}
