import type { AddressInfo } from "node:net";
import type { TestContext } from "node:test";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface ListenerOptions {
  /** Answer for a recipient: an Error with `responseCode` refuses it (e.g. 451 or 550). */
  checkRecipient?: (address: string) => (Error & { responseCode?: number }) | undefined;
  /** Called with each message once kept, before the server answers it. */
  onMessage?: (mail: ReceivedMail, inbox: ReceivedMail[]) => void;
}

/** A real SMTP listener on a free local port that keeps every message it receives. */
export async function startSmtpListener(
  t: TestContext,
  options: ListenerOptions = {},
): Promise<{ url: string; inbox: ReceivedMail[] }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(options.checkRecipient?.(address.address) ?? undefined);
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => {
        raw += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const mail = { to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw };
        inbox.push(mail);
        options.onMessage?.(mail, inbox);
        callback();
      });
    },
  });
  // A client killed mid-session resets its connection: expected in crash tests, not a test failure.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, inbox };
}

/** The message text with quoted-printable soft line breaks undone, so links can be matched. */
export const mailText = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
