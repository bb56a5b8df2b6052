import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { buildTestApp } from "../../test/helpers/app.js";
import { testDialects } from "../../test/helpers/databases.js";
import { registerReadiness } from "./readiness.js";

for (const dialect of testDialects()) {
  describe(`/readyz on ${dialect}`, () => {
    it("is ready when the database, the limiter and the media store answer", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const response = await testApp.app.inject({ url: "/readyz" });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["cache-control"], "no-store");
      assert.deepEqual(response.json(), {
        status: "ready",
        checks: { database: true, limiter: true, media: true },
      });
    });

    it("is not ready while the limiter's Redis is unreachable, and says which part is down", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { REDIS_URL: "redis://127.0.0.1:1" } });
      const response = await testApp.app.inject({ url: "/readyz" });
      assert.equal(response.statusCode, 503);
      assert.deepEqual(response.json(), {
        status: "not ready",
        checks: { database: true, limiter: false, media: true },
      });
      assert.equal((await testApp.app.inject({ url: "/healthz" })).statusCode, 200, "alive all the same");
    });
  });
}

it("says draining from the moment the app starts closing", async () => {
  const app = Fastify();
  let release = () => {};
  registerReadiness(app, { slow: () => new Promise<boolean>((resolve) => (release = () => resolve(true))) });
  app.addHook("onClose", async () => release());
  await app.ready();
  const during = app.inject({ url: "/readyz" });
  await new Promise((resolve) => setImmediate(resolve));
  const closing = app.close();
  const response = await during;
  await closing;
  assert.equal(response.statusCode, 503);
  assert.equal(response.json().status, "draining");
});
