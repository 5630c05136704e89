import { Global, Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { LoggingNotifier } from './logging.notifier';
import { Notifier } from './notifications.service';
import { SmtpNotifier } from './smtp.notifier';

@Global()
@Module({
  providers: [
    {
      provide: Notifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Notifier =>
        config.smtpUrl
          ? new SmtpNotifier(createTransport(config.smtpUrl), config.smtpFrom)
          : new LoggingNotifier(),
    },
  ],
  exports: [Notifier],
})
export class NotificationsModule {}
