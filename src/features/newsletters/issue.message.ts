import { randomBytes } from "node:crypto";
import { encodeWords, foldLines } from "nodemailer/lib/mime-funcs";
import { UNSUBSCRIBE_PLACEHOLDER } from "./issue.render.js";
import type { Newsletter } from "./newsletter.js";

export interface IssueForSending {
  id: number;
  subject: string;
  html: string;
  text: string;
  newsletter: Pick<Newsletter, "slug" | "name" | "senderName" | "senderEmail" | "replyTo">;
}

export interface Recipient {
  deliveryId: number;
  email: string;
  unsubscribeUrl: string;
  token: string;
}

const header = (name: string, value: string) => foldLines(`${name}: ${value}`, 76, false);
const encodedText = (value: string) => encodeWords(value.replace(/[\r\n]+/g, " "), "Q", 52);
const mailbox = (name: string, address: string) =>
  /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`
    : `${encodeWords(name, "B", 52, true)} <${address}>`;
/** Base64 in lines of 76 characters, as RFC 2045 asks. */
const base64Body = (text: string) =>
  Buffer.from(text, "utf8")
    .toString("base64")
    .replace(/.{76}(?=.)/g, "$&\r\n");

/**
 * An issue's messages: everything that is the same for all recipients is prepared once; each
 * recipient's message only adds their address, their Message-ID and their unsubscribe link. The
 * headers are those the large mailbox providers ask of bulk mail: RFC 2369 List-Unsubscribe with an
 * https and a mailto address, RFC 8058 one-click, RFC 2919 List-Id; the Message-ID is from our domain.
 * (Built here rather than by nodemailer's composer, which took 2.8 ms a message: the send's bottleneck.)
 */
export class IssueMessages {
  private readonly commonHeaders: string;
  private readonly boundary: string;
  private readonly html: string[];
  private readonly text: string[];

  constructor(
    private readonly issue: IssueForSending,
    private readonly siteHost: string,
  ) {
    const { newsletter } = issue;
    this.boundary = `masthead-${randomBytes(12).toString("hex")}`;
    this.commonHeaders = [
      header("From", mailbox(newsletter.senderName, newsletter.senderEmail)),
      header("Reply-To", newsletter.replyTo),
      header("Subject", encodedText(issue.subject)),
      header(
        "List-Id",
        `${encodedText(newsletter.name.replace(/[<>"]/g, ""))} <${newsletter.slug}.${siteHost}>`,
      ),
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      "MIME-Version: 1.0",
      `Content-Type: multipart/alternative; boundary="${this.boundary}"`,
    ].join("\r\n");
    this.html = issue.html.split(UNSUBSCRIBE_PLACEHOLDER);
    this.text = issue.text.split(UNSUBSCRIBE_PLACEHOLDER);
  }

  forRecipient(recipient: Recipient, date: Date): Buffer {
    const { newsletter } = this.issue;
    const mailto = `mailto:${newsletter.replyTo}?subject=${encodeURIComponent(`unsubscribe ${recipient.token}`)}`;
    const part = (type: string, body: string) =>
      [
        `--${this.boundary}`,
        `Content-Type: ${type}; charset=utf-8`,
        "Content-Transfer-Encoding: base64",
        "",
        base64Body(body),
      ].join("\r\n");
    return Buffer.from(
      [
        header("To", recipient.email),
        header("Date", date.toUTCString().replace("GMT", "+0000")),
        header("Message-ID", `<issue-${this.issue.id}.delivery-${recipient.deliveryId}@${this.siteHost}>`),
        header("List-Unsubscribe", `<${recipient.unsubscribeUrl}>, <${mailto}>`),
        this.commonHeaders,
        "",
        part("text/plain", this.text.join(recipient.unsubscribeUrl)),
        part("text/html", this.html.join(recipient.unsubscribeUrl)),
        `--${this.boundary}--`,
        "",
      ].join("\r\n"),
    );
  }
}
