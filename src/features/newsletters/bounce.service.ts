import { createHmac, timingSafeEqual } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { AppError } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { normaliseEmail } from "../accounts/user.js";
import { markBounced } from "./delivery.repository.js";
import { suppress } from "./subscription.repository.js";

/**
 * One report, in the shape of Postmark's bounce and spam-complaint webhooks (other providers map
 * onto it in a few lines): `RecordType` "Bounce" or "SpamComplaint", `Type` (a bounce's kind),
 * `Email`, optional `MessageID` (ours, `<issue-N.delivery-M@host>`, which names the delivery) and
 * `Description`. The body is signed: header `X-Masthead-Signature: sha256=<hex HMAC-SHA256 of the
 * raw body under NEWSLETTER_WEBHOOK_SECRET>`.
 */
export const BounceReport = Type.Object({
  RecordType: Type.Union([Type.Literal("Bounce"), Type.Literal("SpamComplaint")]),
  Type: Type.Optional(Type.String({ maxLength: 100 })),
  Email: Type.String({ minLength: 3, maxLength: 320 }),
  MessageID: Type.Optional(Type.String({ maxLength: 300 })),
  Description: Type.Optional(Type.String({ maxLength: 1000 })),
});
type BounceReport = Static<typeof BounceReport>;

/** Bounce kinds that say the address will not work again; others (soft, transient) change nothing. */
const PERMANENT = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SpamNotification"]);

const badSignature = () => new AppError("BAD_SIGNATURE", 401, "The report's signature does not match.");

export function verifySignedReport(
  secret: string | null,
  body: Buffer,
  header: string | undefined,
): BounceReport {
  if (!secret) throw new AppError("WEBHOOK_OFF", 503, "The bounce webhook is not set up.");
  const given = Buffer.from(header?.replace(/^sha256=/, "") ?? "", "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badSignature();
  let report: unknown;
  try {
    report = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", 400, "The report is not JSON.");
  }
  if (!Value.Check(BounceReport, report))
    throw new AppError("BAD_REQUEST", 400, "The report has an unknown shape.");
  return report;
}

const DELIVERY_IN_MESSAGE_ID = /^<?issue-\d+\.delivery-(\d+)@/;

/** Suppresses the address (bounced or complained, with why) and marks the delivery it names. Repeats change nothing. */
export async function applyBounceReport(
  db: Db,
  report: BounceReport,
  now: number,
): Promise<"suppressed" | "ignored"> {
  const complaint = report.RecordType === "SpamComplaint";
  if (!complaint && !PERMANENT.has(report.Type ?? "")) return "ignored";
  const detail = `${report.Type ?? report.RecordType}: ${report.Description ?? ""}`.trim();
  const deliveryId = Number(DELIVERY_IN_MESSAGE_ID.exec(report.MessageID ?? "")?.[1]);
  await db.transaction().execute(async (trx) => {
    await suppress(trx, normaliseEmail(report.Email), complaint ? "complained" : "bounced", detail, now);
    if (deliveryId > 0) await markBounced(trx, deliveryId, detail);
  });
  return "suppressed";
}
