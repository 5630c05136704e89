import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { MailMessage, Notifier } from './notifications.service';

/**
 * How long a message may wait on the mail server, in milliseconds. Messages are sent after the response,
 * but with nodemailer's own limits (2 minutes to connect, 10 of silence) each one sent to an unreachable
 * server held its socket and its text, token included, in memory for minutes, and a burst of invites or
 * resets piled them up. The SMTP_URL's query can set others (`?connectionTimeout=…`).
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/** nodemailer's SMTP transport for SMTP_URL, with SMTP_TIMEOUTS unless the URL names its own. */
export function smtpTransport(url: string, timeouts = SMTP_TIMEOUTS): Transporter {
  return createTransport({ ...timeouts, url });
}

/** Sends through SMTP with nodemailer (SMTP_URL, e.g. smtp://user:pass@mail.example.com:587). */
export class SmtpNotifier extends Notifier {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    this.logger.log(`${message.template} message sent to ${message.to}`);
  }
}
