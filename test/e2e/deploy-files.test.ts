import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ValidationSeverity, type ValidatorSettings, validate } from "dockerfile-utils";

/**
 * Docker cannot run where the suite runs, nor can hadolint be installed there (docs/deploy.md), so
 * this checks what docs/deploy.md promises about the deployment files, line by line.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** Every check of dockerfile-utils (the linter of VS Code's Docker support) counts as an error. */
const EVERY_CHECK: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/**
 * The linter's findings as `line: message`. hadolint when it is installed (not packaged for Debian
 * 12, and its npm wrapper downloads the binary from GitHub at run time); otherwise dockerfile-utils.
 */
function lintDockerfile(path: string): string[] {
  const hadolint = spawnSync("hadolint", ["--no-color", path], { encoding: "utf8" });
  if (!hadolint.error) return hadolint.stdout.split("\n").filter(Boolean);
  return validate(readFileSync(path, "utf8"), EVERY_CHECK).map(
    (problem) => `${problem.range.start.line + 1}: ${problem.message}`,
  );
}

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

  it("starts the server in the image and the systemd unit with npm start's node flags and environment", () => {
    const start = JSON.parse(read("package.json")).scripts.start as string;
    const [settings = "", flags = ""] = start.split(/\s*\bnode\b\s*|\s*bin\/masthead\.js start/);
    assert.match(settings, /^GLIBC_TUNABLES=glibc\.malloc\.trim_threshold=\d+$/);
    assert.match(flags, /^--max-semi-space-size=64$/);
    const imageFlags = flags
      .split(" ")
      .map((flag) => `"${flag}", `)
      .join("");
    const envLines = final.split("\n").map((line) => line.replace(/^ENV\s+|\s*\\$/g, "").trim());
    assert.ok(envLines.includes(settings), "the image's ENV");
    assert.ok(final.includes(`CMD ["node", ${imageFlags}"bin/masthead.js", "start"]`), "the image's CMD");
    const unit = read("docs/deploy.md");
    assert.ok(unit.includes(`Environment=${settings}\n`), "the unit's Environment=");
    assert.ok(
      unit.includes(`ExecStart=/usr/bin/node ${flags} bin/masthead.js start`),
      "the unit's ExecStart=",
    );
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

  it("passes the Dockerfile linter, which does catch a broken one", () => {
    assert.deepEqual(lintDockerfile(fileURLToPath(new URL("../../Dockerfile", import.meta.url))), []);
    const broken = fileURLToPath(new URL("../fixtures/broken.Dockerfile", import.meta.url));
    assert.ok(lintDockerfile(broken).length >= 2, "an unknown instruction and a bad port are found");
  });
});
