import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { allHeadlines } from "../../../examples/api-client/latest-headlines.js";
import { CLIENT_TYPES_FILE, generateClientTypes } from "../../../test/helpers/api-client.js";
import { buildTestApp } from "../../../test/helpers/app.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";

it("the committed example client types are what openapi-typescript makes of today's document", async () => {
  assert.equal(
    readFileSync(CLIENT_TYPES_FILE, "utf8"),
    await generateClientTypes(),
    `${CLIENT_TYPES_FILE} is out of date: run \`npm run api:client\` and commit the result`,
  );
});

it("the example client reads every headline over HTTP, page after page", async (t) => {
  const testApp = await buildTestApp(t);
  for (let i = 0; i < 25; i++)
    await makeArticle(testApp.storage.db, testApp.now(), {
      title: `Story ${i}`,
      publishedAt: testApp.now() - (i + 1) * HOUR,
    });
  const address = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const headlines = await allHeadlines(address, { limit: 10 });
  assert.deepEqual(
    headlines,
    Array.from({ length: 25 }, (_, i) => `Story ${i}`),
  );
  await assert.rejects(allHeadlines(address, { category: "no-such-category" }), /category/i);
});
