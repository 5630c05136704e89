import { Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { MailTemplates } from './mail-templates';
import { MailService } from './mail.service';
import { Notifier } from './notifications.service';
import { OutboxNotifier } from './outbox.notifier';
import { SmtpNotifier, smtpTransport } from './smtp.notifier';

@Global()
@Module({
  providers: [
    {
      provide: Notifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Notifier =>
        config.smtpUrl
          ? new SmtpNotifier(smtpTransport(config.smtpUrl), config.smtpFrom)
          : new OutboxNotifier(join(config.dataDir, 'outbox'), config.smtpFrom),
    },
    {
      provide: MailTemplates,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => MailTemplates.load(config.mailTemplatesDir),
    },
    MailService,
  ],
  exports: [MailService],
})
export class NotificationsModule {}
