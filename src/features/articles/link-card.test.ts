import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it, type TestContext } from "node:test";
import sharp from "sharp";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { localMediaStore } from "../../storage/local-media-store.js";
import { makeLinkCard, readCardMeta } from "./link-card.js";

const PAGE = `<!doctype html><html><head>
<title>Fallback title</title>
<meta property="og:title" content="Ferries &amp; the &quot;green&quot; harbour">
<meta content="/picture.png" property="og:image">
</head><body>Story</body></html>`;

async function sitePretendingToBePublic(t: TestContext) {
  const picture = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#336699" } })
    .png()
    .toBuffer();
  const send = (response: ServerResponse, type: string, body: string | Buffer) =>
    response.writeHead(200, { "content-type": type }).end(body);
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    if (request.url === "/story") return send(response, "text/html; charset=utf-8", PAGE);
    if (request.url === "/picture.png") return send(response, "image/png", picture);
    if (request.url === "/untitled") return send(response, "text/html", "<p>No head</p>");
    if (request.url === "/feed") return send(response, "application/json", "{}");
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests: () => requests };
}

describe("readCardMeta", () => {
  it("reads og:title and og:image in any attribute order, decoding entities; else the <title>", () => {
    assert.deepEqual(readCardMeta(PAGE), { title: 'Ferries & the "green" harbour', image: "/picture.png" });
    assert.deepEqual(readCardMeta("<title> Just  a\n title </title>"), {
      title: "Just a title",
      image: null,
    });
    assert.deepEqual(readCardMeta("<meta name='twitter:title' content='Tweet'>"), {
      title: "Tweet",
      image: null,
    });
  });
});

for (const dialect of testDialects()) {
  describe(`link cards on ${dialect}`, () => {
    it("fetches the title and copies the image into the media library when the address may be reached", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const site = await sitePretendingToBePublic(t);
      const editor = await signInAs(testApp, "editor");
      const deps = {
        db: testApp.storage.db,
        media: localMediaStore(testApp.mediaDir),
        now: testApp.now(),
        uploadedBy: editor.user.id,
        allowAddress: (address: string) => address === "127.0.0.1",
      };
      const card = await makeLinkCard(deps, `${site.base}/story`);
      assert.equal(card.title, 'Ferries & the "green" harbour');
      assert.equal(card.site, "127.0.0.1");
      assert.match(card.image ?? "", /^\/media\/\d{4}\/\d{2}\/[\w-]+-40\.\w+$/);
      assert.equal(card.note, undefined);

      const untitled = await makeLinkCard(deps, `${site.base}/untitled`);
      assert.deepEqual([untitled.title, untitled.image, untitled.note], ["", null, "The page has no title."]);
      const notHtml = await makeLinkCard(deps, `${site.base}/feed`);
      assert.equal(notHtml.note, "The address is not a web page.");
    });

    it("makes a plain card for a loopback address without the test's allowance, asking it nothing", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const site = await sitePretendingToBePublic(t);
      const editor = await signInAs(testApp, "editor");
      const response = await editor.request({
        method: "POST",
        url: "/admin/editor/embed",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-csrf-token": editor.csrf,
        },
        payload: JSON.stringify({ url: `${site.base}/story` }),
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), {
        url: `${site.base}/story`,
        site: "127.0.0.1",
        title: "",
        image: null,
        note: "127.0.0.1 is not an address on the public internet.",
      });
      assert.equal(site.requests(), 0);

      for (const url of ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/"]) {
        const refused = await editor.request({
          method: "POST",
          url: "/admin/editor/embed",
          headers: { "content-type": "application/json", "x-csrf-token": editor.csrf },
          payload: JSON.stringify({ url }),
        });
        assert.equal(refused.statusCode, 400, url);
      }
    });
  });
}
