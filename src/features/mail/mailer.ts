import type { Transporter } from "nodemailer";
import type { Config } from "../../config.js";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text (a newsletter's test e-mail); most mail is text only. */
  html?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface MailLog {
  info(details: Record<string, unknown>, message: string): void;
}

/**
 * SMTP when `SMTP_URL` is set. Without it, each mail is written to the log, so someone trying the
 * site locally can still follow a sign-in or reset link.
 */
export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom">, log: MailLog): Mailer {
  if (!config.smtpUrl) {
    return {
      send: async (mail) => log.info({ mail }, `E-mail to ${mail.to} (SMTP_URL not set):\n${mail.text}`),
    };
  }
  const { smtpUrl } = config;
  // Loaded with the first mail, not at start: most processes send none, or only hours later.
  let transport: Promise<Transporter> | undefined;
  return {
    send: async (mail) => {
      transport ??= import("nodemailer").then(({ default: nodemailer }) =>
        nodemailer.createTransport(smtpUrl),
      );
      await (await transport).sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
  };
}
