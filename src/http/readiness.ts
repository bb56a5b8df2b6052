import type { FastifyInstance } from "fastify";

/** One dependency the app needs to serve: true when it answers now. */
export type ReadinessCheck = () => Promise<boolean>;

/**
 * GET /readyz: 200 when every dependency answers (the database, the limiter's Redis, the media
 * store), 503 otherwise — and 503 from the moment the app starts draining, so a load balancer stops
 * sending it requests while the ones in flight finish. /healthz stays "alive" for restarts.
 */
export function registerReadiness(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  let draining = false;
  app.addHook("preClose", async () => {
    draining = true;
  });
  app.get("/readyz", async (_request, reply) => {
    const answers = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
    );
    const ready = !draining && answers.every(([, ok]) => ok);
    const status = draining ? "draining" : ready ? "ready" : "not ready";
    return reply
      .code(ready ? 200 : 503)
      .header("cache-control", "no-store")
      .send({ status, checks: Object.fromEntries(answers) });
  });
}
