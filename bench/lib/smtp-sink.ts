/**
 * An SMTP listener in its own process (so its work and memory are not the sender's), counting the
 * messages it accepts and the distinct recipients. Talks to its parent over IPC: it sends
 * { port } once listening, and answers "count" with { messages, recipients } and "reset" by zeroing.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

let messages = 0;
let recipients = new Set<string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      messages += 1;
      for (const rcpt of session.envelope.rcptTo) recipients.add(rcpt.address);
      callback();
    });
  },
});
server.on("error", () => {});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on("message", (message) => {
  if (message === "reset") {
    messages = 0;
    recipients = new Set();
  }
  process.send?.({ messages, recipients: recipients.size });
});
process.on("disconnect", () => process.exit(0));
