import { Type } from "@sinclair/typebox";
import { inBatches } from "../../core/paging.js";
import type { AppContext } from "../../http/context.js";
import { type CsvRow, csvRows, sendCsv } from "../../http/csv.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { receiptSite } from "./donate.routes.js";
import { listShipments, type Shipment } from "./donation.repository.js";
import { shipParcel } from "./fulfilment.service.js";
import { FulfilmentPage } from "./views/admin-pages.js";

/** The to-ship list is the work queue: all of it shows. */
const PARCELS_SHOWN = 100_000;

const ShippedBody = Type.Object({
  ...CsrfField,
  trackingNumber: Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" }),
});
const SHIPMENT_CSV_HEADER = [
  "donation",
  "reward",
  "recipient",
  "line1",
  "line2",
  "postal_code",
  "city",
  "state",
  "country",
  "email",
];

const shipmentCsvRow = (s: Shipment): CsvRow => [
  s.donationId,
  s.rewardName,
  s.recipient,
  s.line1,
  s.line2,
  s.postalCode,
  s.city,
  s.state,
  s.country,
  s.donorEmail,
];

/** The parcels to ship (page and CSV) and marking one shipped, which e-mails the donor. */
export async function fulfilmentRoutes(scope: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const settings = async () => (await ctx.loadChrome()).settings;

  scope.get("/donations/fulfilment/", async (request, reply) => {
    const [toShip, shipped, site] = await Promise.all([
      listShipments(db, "to-ship", PARCELS_SHOWN),
      listShipments(db, "shipped", 100),
      settings(),
    ]);
    const page = (
      <FulfilmentPage
        view={await adminView(ctx, request, reply)}
        toShip={toShip}
        shipped={shipped.reverse()}
        timeZone={site.timeZone}
      />
    );
    return sendAdminPage(reply, page);
  });

  scope.get("/donations/fulfilment.csv", async (_request, reply) => {
    const toShip = inBatches((after: Shipment | undefined, limit) =>
      listShipments(db, "to-ship", limit, after),
    );
    return sendCsv(reply, "parcels-to-ship.csv", SHIPMENT_CSV_HEADER, csvRows(toShip, shipmentCsvRow));
  });

  scope.post(
    "/donations/fulfilment/:id/shipped",
    { schema: { params: IdParams, body: ShippedBody } },
    async (request, reply) => {
      const mail = {
        mailer: ctx.mailer,
        loadSite: () => receiptSite(ctx),
        onMailFailure: (error: unknown) => request.log.error({ err: error }, "shipping e-mail not sent"),
      };
      const parcel = {
        donationId: request.params.id,
        trackingNumber: request.body.trackingNumber,
        now: ctx.clock(),
      };
      await shipParcel(db, mail, parcel);
      return reply.redirect("/admin/donations/fulfilment/?notice=saved", 303);
    },
  );
}
