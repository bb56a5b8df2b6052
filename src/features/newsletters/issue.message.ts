import MailComposer from "nodemailer/lib/mail-composer";
import { UNSUBSCRIBE_PLACEHOLDER } from "./issue.render.js";
import type { Newsletter } from "./newsletter.js";

export interface IssueForSending {
  id: number;
  subject: string;
  html: string;
  text: string;
  newsletter: Pick<Newsletter, "slug" | "name" | "senderName" | "senderEmail" | "replyTo">;
}

/**
 * One recipient's message: the issue's rendering with their own unsubscribe link, and the headers
 * the large mailbox providers ask of bulk mail (RFC 2369 List-Unsubscribe with an https and a mailto
 * address, RFC 8058 one-click, RFC 2919 List-Id), and a Message-ID from our own domain.
 */
export function buildMessage(
  issue: IssueForSending,
  recipient: { deliveryId: number; email: string; unsubscribeUrl: string; token: string },
  siteHost: string,
): Promise<Buffer> {
  const { newsletter } = issue;
  const mailto = `mailto:${newsletter.replyTo}?subject=${encodeURIComponent(`unsubscribe ${recipient.token}`)}`;
  const composer = new MailComposer({
    from: { name: newsletter.senderName, address: newsletter.senderEmail },
    to: recipient.email,
    replyTo: newsletter.replyTo,
    subject: issue.subject,
    text: issue.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, recipient.unsubscribeUrl),
    html: issue.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, recipient.unsubscribeUrl),
    messageId: `<issue-${issue.id}.delivery-${recipient.deliveryId}@${siteHost}>`,
    headers: {
      "List-Unsubscribe": `<${recipient.unsubscribeUrl}>, <${mailto}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": `${newsletter.name.replace(/[<>"\r\n]/g, "")} <${newsletter.slug}.${siteHost}>`,
    },
  });
  return composer.compile().build();
}
