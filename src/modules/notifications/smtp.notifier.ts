import { Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { Notification, Notifier } from './notifications.service';

/** Sends through SMTP with nodemailer (SMTP_URL, e.g. smtp://user:pass@mail.example.com:587). */
export class SmtpNotifier extends Notifier {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {
    super();
  }

  async send(notification: Notification): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: notification.to,
      subject: notification.subject,
      text: notification.text,
    });
    this.logger.log(`${notification.template} message sent to ${notification.to}`);
  }
}
