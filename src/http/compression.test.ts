import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { buildTestApp } from "../../test/helpers/app.js";
import { makeNewsroom } from "../../test/helpers/discovery.js";
import { negotiateEncoding } from "./compression.js";

const decode = (encoding: unknown, body: Buffer) =>
  encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body;

describe("HTTP compression and caching headers", () => {
  it("prefers brotli, then gzip, and honours q=0", () => {
    assert.equal(negotiateEncoding(undefined), undefined);
    assert.equal(negotiateEncoding("gzip, deflate, br, zstd"), "br");
    assert.equal(negotiateEncoding("gzip"), "gzip");
    assert.equal(negotiateEncoding("br;q=0, gzip;q=0.5"), "gzip");
    assert.equal(negotiateEncoding("*"), "br");
    assert.equal(negotiateEncoding("*;q=0"), undefined);
    assert.equal(negotiateEncoding("identity"), undefined);
  });

  it("serves cached pages, with and without a live part, compressed for readers that accept it", async (t) => {
    const testApp = await buildTestApp(t);
    const { older } = await makeNewsroom(testApp.storage.db, testApp.now());
    for (const path of [`/${older.slug}/`, "/", "/rss.xml", "/tag/river-vale/atom.xml"]) {
      const plain = await testApp.app.inject(path);
      assert.equal(plain.statusCode, 200, path);
      assert.equal(plain.headers["content-encoding"], undefined, path);
      assert.equal(plain.headers.vary, "accept-encoding", path);
      assert.equal(plain.headers["cache-control"], "no-cache", path);
      for (const encoding of ["br", "gzip"]) {
        const response = await testApp.app.inject({ url: path, headers: { "accept-encoding": encoding } });
        assert.equal(response.headers["content-encoding"], encoding, `${path} ${encoding}`);
        assert.equal(response.headers.vary, "accept-encoding");
        assert.ok(response.rawPayload.length < plain.rawPayload.length, `${path} ${encoding} is smaller`);
        assert.equal(
          decode(encoding, response.rawPayload).toString(),
          plain.body,
          `${path} ${encoding} decodes`,
        );
        // Each representation has its own tag, and a reader holding it gets a 304.
        assert.notEqual(response.headers.etag, plain.headers.etag);
        const again = await testApp.app.inject({
          url: path,
          headers: { "accept-encoding": encoding, "if-none-match": String(response.headers.etag) },
        });
        assert.equal(again.statusCode, 304, `${path} ${encoding} revalidates`);
      }
    }
  });

  it("gives hashed assets a year and compresses text ones; compresses search and API answers", async (t) => {
    const testApp = await buildTestApp(t);
    await makeNewsroom(testApp.storage.db, testApp.now());
    const home = (await testApp.app.inject("/")).body;
    const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(home)?.[1];
    assert.ok(css);
    const plain = await testApp.app.inject(css);
    const asset = await testApp.app.inject({ url: css, headers: { "accept-encoding": "gzip, br" } });
    assert.equal(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(asset.headers["content-encoding"], "br");
    assert.equal(asset.headers.vary, "accept-encoding");
    assert.equal(brotliDecompressSync(asset.rawPayload).toString(), plain.body);

    const search = await testApp.app.inject({
      url: "/search?q=river",
      headers: { "accept-encoding": "gzip" },
    });
    assert.equal(search.headers["content-encoding"], "gzip");
    assert.match(gunzipSync(search.rawPayload).toString(), /<mark>river<\/mark>/);
    // API answers under 1 KB are sent as they are; the OpenAPI document is larger.
    const api = await testApp.app.inject({
      url: "/api/v1/openapi.json",
      headers: { "accept-encoding": "br" },
    });
    assert.equal(api.headers["content-encoding"], "br");
    assert.match(String(api.headers.vary), /accept-encoding/);
    assert.equal(JSON.parse(brotliDecompressSync(api.rawPayload).toString()).openapi, "3.0.3");
  });
});
