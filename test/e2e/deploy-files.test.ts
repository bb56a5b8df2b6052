import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

/**
 * Docker cannot run where the suite runs, nor can hadolint be installed there (docs/deploy.md), so
 * this checks what docs/deploy.md promises about the deployment files, line by line.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the deployment files", () => {
  const dockerfile = read("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages.at(-1) ?? "";

  it("builds every stage on Node 24 and installs production dependencies with npm ci --omit=dev", () => {
    assert.ok(stages.length >= 2, "multi-stage");
    for (const stage of stages) assert.match(stage, /^node:24[-.\w]*\b/);
    assert.match(dockerfile, /npm ci --omit=dev/);
  });

  it("runs the final stage as a non-root user with /data as a volume and a /healthz health check", () => {
    const user = /^USER (\S+)/m.exec(final)?.[1];
    assert.ok(user && user !== "root" && user !== "0", `USER ${user}`);
    assert.match(final, /^VOLUME \["\/data"\]/m);
    assert.match(final, /^HEALTHCHECK .*\n?.*\/healthz/m);
    assert.match(final, /^CMD \["node", .*"bin\/masthead\.js", "start"\]/m);
    assert.doesNotMatch(final, /tsc|npm run build/, "the image does not compile at start");
  });

  it("composes two app instances, PostgreSQL, Redis and Caddy, with Caddy checking /readyz", () => {
    const compose = read("compose.yaml");
    for (const service of ["app1", "app2", "postgres", "redis", "caddy"])
      assert.match(compose, new RegExp(`^  ${service}:`, "m"), service);
    assert.match(compose, /REDIS_URL: redis:\/\/redis:6379/);
    assert.match(compose, /TRUST_PROXY: /);
    const caddyfile = read("deploy/Caddyfile");
    assert.match(caddyfile, /reverse_proxy app1:2368 app2:2368/);
    assert.match(caddyfile, /health_uri \/readyz/);
  });
});
