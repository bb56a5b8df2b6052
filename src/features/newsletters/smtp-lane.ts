import { Readable } from "node:stream";
import type SMTPConnection from "nodemailer/lib/smtp-connection";

/**
 * What became of one message:
 * - sent: committed and accepted (or committed and the connection died after the final dot: see below);
 * - temporary: not accepted, try again later (4xx, connection trouble before the final dot);
 * - permanent: refused for good (5xx): the address is suppressed;
 * - abandoned: our claim on the delivery was lost before the final dot, so the server discarded it.
 */
export type LaneOutcome =
  | { kind: "sent" }
  | { kind: "temporary"; error: string }
  | { kind: "permanent"; error: string }
  | { kind: "abandoned" };

/** Marks the delivery sent in the database; false when another worker owns it now. */
export type CommitSent = () => Promise<boolean>;

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
}

const describe = (error: SmtpError) => (error.response ?? error.message).slice(0, 1000);

/**
 * One SMTP connection, reused for message after message.
 *
 * Exactly once: an SMTP server takes responsibility for a message only when it receives the final
 * "." of DATA. The body is streamed, and only when the server has the whole body do we commit the
 * delivery as sent (a conditional update on our claim), and only then send the ".". A crash before
 * the commit leaves the delivery unsent and the server without a complete message: a later attempt
 * sends it once. A crash after the commit leaves it marked sent: the one message it may lose is
 * the one whose "." was between our commit and the socket (decision 0023). Never twice.
 */
export class SmtpLane {
  private connection: SMTPConnection | undefined;

  constructor(private readonly url: URL) {}

  async send(
    envelope: { from: string; to: string },
    message: Buffer,
    commit: CommitSent,
  ): Promise<LaneOutcome> {
    let committed = false;
    let abandoned = false;
    // Nothing is read before the server answers DATA (nodemailer pipes the body only then).
    let stage: "body" | "commit" | "done" = "body";
    const body = new Readable({
      read() {
        if (stage === "body") {
          stage = "commit";
          this.push(message);
          return;
        }
        if (stage !== "commit") return;
        stage = "done";
        // Asked for more: the body has gone to the connection, so this is the moment to commit.
        commit().then(
          (ok) => {
            committed = ok;
            abandoned = !ok;
            if (ok) this.push(null);
            else this.destroy(new Error("delivery claimed by another worker"));
          },
          (error: Error) => this.destroy(error),
        );
      },
    });
    try {
      const connection = await this.connect();
      await new Promise<void>((resolve, reject) =>
        connection.send({ from: envelope.from, to: [envelope.to] }, body, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      return { kind: "sent" };
    } catch (caught) {
      const error = caught as SmtpError;
      this.drop();
      if (abandoned) return { kind: "abandoned" };
      const code = error.responseCode;
      // Committed and the connection broke without a reply: the server may have the message. Keeping
      // it "sent" risks one lost message; sending again risks a duplicate, which we never do.
      if (committed && code === undefined) return { kind: "sent" };
      if (code !== undefined && code >= 500 && code !== 503)
        return { kind: "permanent", error: describe(error) };
      return { kind: "temporary", error: describe(error) };
    }
  }

  close(): void {
    this.connection?.quit();
    this.connection = undefined;
  }

  /** After any failure the session state is unknown: start a fresh connection for the next message. */
  private drop(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  private async connect(): Promise<SMTPConnection> {
    if (this.connection) return this.connection;
    // Loaded with the first connection: a process that sends no newsletter never needs it.
    const { default: SMTPConnection } = await import("nodemailer/lib/smtp-connection");
    const secure = this.url.protocol === "smtps:";
    const connection = new SMTPConnection({
      host: this.url.hostname,
      port: Number(this.url.port) || (secure ? 465 : 587),
      secure,
      logger: false,
    });
    connection.on("error", () => this.drop());
    connection.on("end", () => {
      if (this.connection === connection) this.connection = undefined;
    });
    const ready = (resolve: (connection: SMTPConnection) => void) => {
      this.connection = connection;
      resolve(connection);
    };
    return new Promise((resolve, reject) => {
      connection.connect((error) => {
        if (error) return reject(error);
        const user = decodeURIComponent(this.url.username);
        if (!user) return ready(resolve);
        connection.login({ user, pass: decodeURIComponent(this.url.password) }, (loginError) =>
          loginError ? reject(loginError) : ready(resolve),
        );
      });
    });
  }
}
