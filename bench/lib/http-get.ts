import { request } from "node:http";

export interface HttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * One plain GET with node:http, not fetch: fetch asks for gzip and decodes it, while the load
 * generator sends no Accept-Encoding, so only this sees the bytes the benchmark will be served.
 */
export function httpGet(
  url: string,
  { timeoutMs = 10_000, headers = {} }: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", timeout: timeoutMs, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"] ?? "",
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** A GET that must answer 200. */
export async function httpGetOk(url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  const response = await httpGet(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}, expected 200`);
  return response;
}
