import { Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { MailMessage, Notifier } from './notifications.service';

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
