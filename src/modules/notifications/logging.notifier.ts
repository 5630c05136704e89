import { Injectable, Logger } from '@nestjs/common';
import { Notification, Notifier } from './notifications.service';

const OUTBOX_LIMIT = 100;

/**
 * The default provider: logs that a message was sent (never its text: it carries a token) and keeps the
 * last messages in memory, where tests and a developer's debugger can read them.
 */
@Injectable()
export class LoggingNotifier extends Notifier {
  private readonly logger = new Logger('Notifications');
  readonly outbox: Notification[] = [];

  send(notification: Notification): Promise<void> {
    this.outbox.push(notification);
    if (this.outbox.length > OUTBOX_LIMIT) this.outbox.shift();
    this.logger.log(
      `${notification.template} message to ${notification.to} (set SMTP_URL to deliver it)`,
    );
    return Promise.resolve();
  }
}
