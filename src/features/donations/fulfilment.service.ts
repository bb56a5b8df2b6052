import { AppError } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import type { Mailer } from "../mail/mailer.js";
import { markShipped } from "./donation.repository.js";
import { type ReceiptSite, shippedMail } from "./receipts.js";

const notWaiting = () =>
  new AppError(
    "NOT_WAITING",
    409,
    "That parcel is not waiting to be shipped (already shipped or cancelled).",
  );

/**
 * Marks a donation's parcel shipped with its tracking number and e-mails the donor, once: a parcel
 * that is not waiting (already shipped, cancelled) is a 409 and sends nothing. The e-mail goes after
 * the change is stored; a mail server failure is reported to `onMailFailure`, not undone.
 */
export async function shipParcel(
  db: Db,
  mail: { mailer: Mailer; loadSite: () => Promise<ReceiptSite>; onMailFailure: (error: unknown) => void },
  parcel: { donationId: number; trackingNumber: string; now: number },
): Promise<void> {
  const tracking = parcel.trackingNumber.trim();
  const shipped = await markShipped(db, parcel.donationId, tracking, parcel.now);
  if (!shipped) throw notWaiting();
  if (!shipped.donorEmail) return;
  const message = shippedMail(
    shipped.donorEmail,
    shipped.rewardName ?? "reward",
    tracking,
    await mail.loadSite(),
  );
  await mail.mailer.send(message).catch(mail.onMailFailure);
}
