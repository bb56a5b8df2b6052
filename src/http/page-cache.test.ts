import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { PAGE_HOLE, PageCache } from "./page-cache.js";
import { type LiveContent, sendPage } from "./page-response.js";

function setup(maxBytes = 1_000_000) {
  const state = { version: 1, now: 1000, nextChangeAt: Number.POSITIVE_INFINITY, renders: 0 };
  const cache = new PageCache(
    {
      currentVersion: async () => state.version,
      nextChangeAt: async () => state.nextChangeAt,
      now: () => state.now,
    },
    maxBytes,
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

  it("tags a page by all of its text: the same text the same tag, a change or a moved hole another", async () => {
    const tagOf = async (body: string) => {
      const { state, cache, render } = setup();
      state.version = 1;
      return (await cache.get("page", render(body)))?.etag;
    };
    const page = `<p>Before</p>${PAGE_HOLE}<p>after</p>`;
    assert.equal(await tagOf(page), await tagOf(page));
    assert.notEqual(await tagOf(page), await tagOf(page.replace("after", "later")));
    assert.notEqual(await tagOf(page), await tagOf(`<p>Before</p><p>${PAGE_HOLE}after</p>`));
    assert.notEqual(await tagOf(page), await tagOf(page.replace(PAGE_HOLE, "")));
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

  it("keeps to its byte budget, the least recently rendered page leaving first", async () => {
    // Each entry: a one-byte key and a 99-byte page.
    const { state, cache, render } = setup(250);
    const page = (letter: string) => render(letter.repeat(99));
    await cache.get("a", page("a"));
    await cache.get("b", page("b"));
    assert.deepEqual([cache.size, cache.bytes], [2, 200]);
    await cache.get("a", page("a"));
    await cache.get("c", page("c"));
    assert.deepEqual([cache.size, cache.bytes], [2, 200]);
    const before = state.renders;
    await cache.get("b", page("b"));
    await cache.get("c", page("c"));
    assert.equal(state.renders, before, "b and c stayed");
    await cache.get("a", page("a"));
    assert.equal(state.renders, before + 1, "a, rendered first, left first");
  });

  it("counts the copies sent with a page, and gives up pages to make room for them", async (t) => {
    const words = "the river rose over the harbour wall again; ".repeat(60);
    const pages = "other".length + 999 + "page".length + words.length;
    // Room for both pages, not for a compressed copy as well.
    const { state, cache, render } = setup(pages + 10);
    const other = await cache.get("other", render("x".repeat(999)));
    const page = await cache.get("page", render(words));
    assert.equal(cache.bytes, pages);
    const app = Fastify();
    t.after(() => app.close());
    app.get("/:key", (request, reply) =>
      sendPage(request, reply, (request.params as { key: string }).key === "page" ? page : other),
    );
    const plain = await app.inject("/page");
    assert.equal(plain.body, words);
    assert.equal(cache.bytes, pages, "the plain copy is the body itself, not counted twice");
    const gzipped = await app.inject({ url: "/page", headers: { "accept-encoding": "gzip" } });
    assert.equal(gzipped.headers["content-encoding"], "gzip");
    assert.equal(cache.bytes, pages - "other".length - 999 + gzipped.rawPayload.length);
    assert.equal(cache.size, 1);
    const renders = state.renders;
    await cache.get("page", render("new"));
    assert.equal(state.renders, renders, "the page with its copy stayed");
    await cache.get("other", render("x".repeat(999)));
    assert.equal(state.renders, renders + 1, "the least recently rendered page left to make room");
  });

  it("with a max age, re-renders a page that old even when nothing changed", async () => {
    const { state, cache, render } = setup();
    const lookup = { maxAgeMs: 10_000 };
    await cache.get("ranking", render("first"), lookup);
    state.now += 9_999;
    assert.equal((await cache.get("ranking", render("second"), lookup))?.body.toString(), "first");
    assert.equal((await cache.get("ranking", render("other")))?.body.toString(), "first");
    state.now += 1;
    assert.equal((await cache.get("ranking", render("third"), lookup))?.body.toString(), "third");
  });

  it("fills several holes in order, and the ETag changes with each live part", async (t) => {
    const { cache, render } = setup();
    const page = await cache.get("holes", render(`<a>${PAGE_HOLE}<b>${PAGE_HOLE}<c>`));
    assert.deepEqual(page?.tail?.map(String), ["<b>", "<c>"]);
    const app = Fastify();
    t.after(() => app.close());
    let live: LiveContent[] = [
      { html: "1", tag: "x" },
      { bytes: Buffer.from("2"), tag: "y" },
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
