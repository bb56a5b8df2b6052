import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives a working local site with no settings at all", () => {
    const config = loadConfig({});
    assert.equal(config.port, 2368);
    assert.equal(config.host, "127.0.0.1");
    assert.deepEqual(config.database, { dialect: "sqlite", path: "./data/masthead.db" });
    assert.equal(config.siteUrl, "http://127.0.0.1:2368");
    assert.equal(config.demoContent, true);
    assert.ok(config.mediaDir.endsWith("/data/media"));
  });

  it("gives the page cache 64 MiB by default and search results an eighth of that besides", () => {
    assert.deepEqual(
      [loadConfig({}).pageCacheBytes, loadConfig({}).searchCacheBytes],
      [64 * 1024 * 1024, 8 * 1024 * 1024],
    );
    const small = loadConfig({ PAGE_CACHE_MB: "16" });
    assert.deepEqual([small.pageCacheBytes, small.searchCacheBytes], [16 * 1024 * 1024, 2 * 1024 * 1024]);
  });

  it("reads PostgreSQL URLs, demo switch and a site URL without its trailing slash", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://user@db:5432/news",
      MASTHEAD_DEMO: "0",
      SITE_URL: "https://news.example.org/",
      PORT: "8080",
    });
    assert.deepEqual(config.database, { dialect: "postgres", url: "postgres://user@db:5432/news" });
    assert.equal(config.demoContent, false);
    assert.equal(config.siteUrl, "https://news.example.org");
    assert.equal(config.port, 8080);
  });

  for (const [name, value] of [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/news"],
    ["MASTHEAD_DEMO", "yes"],
    ["SITE_URL", "ftp://example.org"],
    ["LOG_LEVEL", "loud"],
    ["TRUST_PROXY", "10.0.0.0/33"],
    ["TRUST_PROXY", "proxy.internal"],
    ["REDIS_URL", "http://127.0.0.1:6379"],
    ["PAGE_CACHE_MB", "0"],
    ["PAGE_CACHE_MB", "lots"],
  ] as const) {
    it(`rejects ${name}=${value}, naming the setting`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: unknown) =>
          error instanceof ConfigError && error.message.includes(name) && error.message.includes(value),
      );
    });
  }

  it("trusts no proxy unless told, then a hop count or a list of addresses and CIDR blocks", () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: "0" }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1" }).trustProxy, [
      "127.0.0.1",
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it("makes cookies always Secure on an https site, and per request otherwise", () => {
    assert.equal(loadConfig({ SITE_URL: "https://news.example.org" }).secureCookies, true);
    assert.equal(loadConfig({ SITE_URL: "http://news.example.org" }).secureCookies, "auto");
  });

  it("returns a frozen object", () => {
    assert.ok(Object.isFrozen(loadConfig({})));
  });
});
