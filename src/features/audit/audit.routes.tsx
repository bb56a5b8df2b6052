import { Type } from "@sinclair/typebox";
import { inBatches, pageOf } from "../../core/paging.js";
import { epochToZonedLocal, zonedDayBounds } from "../../core/time.js";
import type { AppContext } from "../../http/context.js";
import { type CsvRow, sendCsv } from "../../http/csv.js";
import type { Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { listUsers } from "../accounts/user.repository.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import type { AuditEntry, AuditFilter } from "./audit.js";
import { listAuditAreas, listAuditEntries } from "./audit.repository.js";
import { ActivityPage } from "./views/activity-page.js";

const PER_PAGE = 50;
const DATE = "^\\d{4}-\\d{2}-\\d{2}$";

const ActivityQuery = Type.Object({
  staff: Type.Optional(Type.String({ pattern: "^([1-9][0-9]{0,9})?$" })),
  area: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ pattern: `(${DATE})|^$` })),
  to: Type.Optional(Type.String({ pattern: `(${DATE})|^$` })),
  before: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,9}$" })),
});
type ActivityQuery = typeof ActivityQuery.static;

const CSV_HEADER = ["time", "who", "area", "action", "target", "details"] as const;

/** The query as a filter; dates are whole days in the site's time zone. */
function toFilter(query: ActivityQuery, timeZone: string): AuditFilter {
  const day = (date: string | undefined) =>
    date ? (zonedDayBounds(date, timeZone) ?? undefined) : undefined;
  return {
    staffId: query.staff ? Number(query.staff) : undefined,
    area: query.area || undefined,
    from: day(query.from)?.start,
    to: day(query.to)?.end,
  };
}

const csvRow = (entry: AuditEntry, timeZone: string): CsvRow => [
  epochToZonedLocal(entry.at, timeZone),
  entry.actor,
  entry.area,
  entry.action,
  entry.target,
  JSON.stringify(entry.details),
];

/**
 * Staff → Activity, for administrators and owners: the audit log, filtered by person, area and dates,
 * and as CSV. There is no route that edits or deletes an entry.
 */
export async function auditRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const timeZone = async () => (await ctx.loadChrome()).settings.timeZone;

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "activity.view" });
    });

    scope.get("/activity/", { schema: { querystring: ActivityQuery } }, async (request, reply) => {
      const zone = await timeZone();
      const before = request.query.before ? Number(request.query.before) : undefined;
      const [rows, staff, areas] = await Promise.all([
        listAuditEntries(db, toFilter(request.query, zone), PER_PAGE + 1, before),
        listUsers(db),
        listAuditAreas(db),
      ]);
      const page = (
        <ActivityPage
          view={await adminView(ctx, request, reply)}
          query={request.query}
          entries={pageOf(rows, PER_PAGE)}
          staff={staff.map((member) => [String(member.id), member.name] as const)}
          areas={areas}
          timeZone={zone}
        />
      );
      return sendAdminPage(reply, page);
    });

    scope.get("/activity.csv", { schema: { querystring: ActivityQuery } }, async (request, reply) => {
      const zone = await timeZone();
      const filter = toFilter(request.query, zone);
      const entries = inBatches((after: AuditEntry | undefined, limit) =>
        listAuditEntries(db, filter, limit, after?.id),
      );
      async function* rows() {
        for await (const entry of entries) yield csvRow(entry, zone);
      }
      return sendCsv(reply, "activity.csv", CSV_HEADER, rows());
    });
  });
}
