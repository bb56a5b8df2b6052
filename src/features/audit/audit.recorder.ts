import { userInfo } from "node:os";
import type { FastifyRequest } from "fastify";
import { keyedHash } from "../../core/tokens.js";
import type { Router } from "../../http/schemas.js";
import type { Db } from "../../storage/storage.js";
import { type AuditDetails, areaOf, auditedFields, targetOf } from "./audit.js";
import { pruneAuditEntries, recordAuditEntry } from "./audit.repository.js";

const DAY = 86_400_000;
const changes = new WeakMap<FastifyRequest, Pick<AuditDetails, "before" | "after">>();

/**
 * A feature that knows what a request changed records the fields that matter, before and after; the
 * recorder adds them to the request's entry. Only fields that differ are kept.
 */
export function noteChange(
  request: FastifyRequest,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  const changed = Object.keys(after).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  changes.set(request, {
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  });
}

export interface AuditOptions {
  db: Db;
  /** The site secret: addresses are stored as keyed hashes, like voters'. */
  secret: string;
  clock: () => number;
  retentionDays: number;
}

/**
 * Records every state-changing staff request that succeeded, before its answer is sent: who, when,
 * from which address (hashed), what (the route) and to what (its parameters), with the form fields
 * sent (secrets redacted). Features add before/after with `noteChange`. Failed and refused requests
 * changed nothing and are not recorded. Entries older than the retention period are deleted daily.
 */
export function recordStaffActions(admin: Router, options: AuditOptions): void {
  const { db, secret, clock } = options;
  admin.addHook("onSend", async (request, reply, payload) => {
    const staff = request.staff;
    if (!staff || request.method === "GET" || request.method === "HEAD" || reply.statusCode >= 400)
      return payload;
    const path = request.url.replace(/\?.*$/, "");
    await recordAuditEntry(db, {
      at: clock(),
      staffId: staff.id,
      actor: staff.name,
      ipHash: keyedHash(secret, request.ip),
      area: areaOf(path),
      action: `${request.method} ${request.routeOptions.url ?? path}`,
      target: targetOf(request.params, path),
      details: { fields: auditedFields(request.body), ...changes.get(request), status: reply.statusCode },
    });
    return payload;
  });
  const prune = () =>
    pruneAuditEntries(db, clock() - options.retentionDays * DAY).catch((error: unknown) =>
      admin.log.error({ err: error }, "old audit entries not pruned"),
    );
  const timer = setInterval(prune, DAY).unref();
  admin.addHook("onReady", prune);
  admin.addHook("onClose", async () => clearInterval(timer));
}

/** Records an action taken from the command line (imports, exports, backups, restores). */
export async function recordCommand(
  db: Db,
  command: { action: string; target: string; details?: Record<string, unknown>; at: number },
): Promise<void> {
  await recordAuditEntry(db, {
    at: command.at,
    staffId: null,
    actor: `command line (${userInfo().username})`,
    ipHash: null,
    area: "command line",
    action: command.action,
    target: command.target,
    details: command.details ? { after: command.details } : {},
  });
}
