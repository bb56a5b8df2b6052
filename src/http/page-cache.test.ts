import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { PAGE_HOLE, PageCache } from "./page-cache.js";
import { sendPage } from "./page-response.js";

function setup(maxEntries = 10) {
  const state = { version: 1, now: 1000, nextChangeAt: Number.POSITIVE_INFINITY, renders: 0 };
  const cache = new PageCache(
    {
      currentVersion: async () => state.version,
      nextChangeAt: async () => state.nextChangeAt,
      now: () => state.now,
    },
    maxEntries,
  );
  const render = (body: string) => async () => {
    state.renders++;
    return { body };
  };
  return { state, cache, render };
}

describe("PageCache", () => {
  it("renders once and serves the same page while nothing changes", async () => {
    const { state, cache, render } = setup();
    const first = await cache.get("a", render("A"));
    const second = await cache.get("a", render("A2"));
    assert.equal(first?.body.toString(), "A");
    assert.equal(second?.body.toString(), "A");
    assert.equal(state.renders, 1);
    assert.match(first?.etag ?? "", /^"[\w-]+"$/);
  });

  it("re-renders on the first request after the content version changes", async () => {
    const { state, cache, render } = setup();
    await cache.get("a", render("old"));
    state.version++;
    assert.equal((await cache.get("a", render("new")))?.body.toString(), "new");
  });

  it("re-renders when a scheduled change comes due, with no write at all", async () => {
    const { state, cache, render } = setup();
    state.nextChangeAt = 2000;
    await cache.get("a", render("before"));
    state.now = 1999;
    assert.equal((await cache.get("a", render("x")))?.body.toString(), "before");
    state.now = 2000;
    assert.equal((await cache.get("a", render("after")))?.body.toString(), "after");
  });

  it("does not cache a render that found nothing", async () => {
    const { state, cache } = setup();
    const missing = async () => {
      state.renders++;
      return null;
    };
    assert.equal(await cache.get("gone", missing), null);
    assert.equal(await cache.get("gone", missing), null);
    assert.equal(state.renders, 2);
  });

  it("shares one render between concurrent misses", async () => {
    const { state, cache, render } = setup();
    const pages = await Promise.all([1, 2, 3].map(() => cache.get("a", render("A"))));
    assert.deepEqual(
      pages.map((page) => page?.body.toString()),
      ["A", "A", "A"],
    );
    assert.equal(state.renders, 1);
  });

  it("evicts the least recently rendered page past its size", async () => {
    const { state, cache, render } = setup(2);
    await cache.get("a", render("A"));
    await cache.get("b", render("B"));
    await cache.get("c", render("C"));
    const before = state.renders;
    await cache.get("b", render("B"));
    await cache.get("a", render("A"));
    assert.equal(state.renders, before + 1);
  });

  it("fills several holes in order, and the ETag changes with each live part", async (t) => {
    const { cache, render } = setup();
    const page = await cache.get("holes", render(`<a>${PAGE_HOLE}<b>${PAGE_HOLE}<c>`));
    assert.deepEqual(page?.tail?.map(String), ["<b>", "<c>"]);
    const app = Fastify();
    t.after(() => app.close());
    let live = [
      { html: "1", tag: "x" },
      { html: "2", tag: "y", bytes: Buffer.from("2") },
    ];
    app.get("/", (request, reply) => sendPage(request, reply, page ?? null, live));
    const first = await app.inject("/");
    assert.equal(first.body, "<a>1<b>2<c>");
    live = [live[0] ?? { html: "", tag: "" }, { html: "3", tag: "z" }];
    const second = await app.inject("/");
    assert.equal(second.body, "<a>1<b>3<c>");
    assert.notEqual(first.headers.etag, second.headers.etag);
    const unchanged = await app.inject({
      url: "/",
      headers: { "if-none-match": String(second.headers.etag) },
    });
    assert.equal(unchanged.statusCode, 304);
  });
});
