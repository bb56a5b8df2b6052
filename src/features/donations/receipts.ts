import type { Mail } from "../mail/mailer.js";
import { formatMoney } from "./money.js";
import type { ReceiptDue } from "./stripe-events.js";

export interface ReceiptSite {
  title: string;
  language: string;
  siteUrl: string;
}

/** The e-mail receipt for one payment: the first gift or a monthly renewal. */
export function receiptMail(receipt: ReceiptDue, site: ReceiptSite): Mail {
  const amount = formatMoney(receipt, site.language);
  const what = receipt.renewal ? `your monthly gift of ${amount}` : `your gift of ${amount}`;
  return {
    to: receipt.email,
    subject: `Receipt: ${amount} to ${site.title}`,
    text: [
      `Thank you for ${what} to ${site.title}.`,
      "",
      `Amount received: ${amount}`,
      `Reference: donation ${receipt.donationId}`,
      "",
      "Readers like you keep our journalism independent.",
      `${site.siteUrl}/supporters/`,
    ].join("\n"),
  };
}

/** A dispatched reward's notice, with its tracking number. */
export function shippedMail(to: string, rewardName: string, trackingNumber: string, site: ReceiptSite): Mail {
  return {
    to,
    subject: `Your ${rewardName} from ${site.title} is on its way`,
    text: [
      `We have sent your ${rewardName}, our thanks for supporting ${site.title}.`,
      "",
      `Tracking number: ${trackingNumber}`,
    ].join("\n"),
  };
}
