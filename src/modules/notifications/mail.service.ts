import { Injectable, Logger } from '@nestjs/common';
import { MailTemplates, type MailTemplateName, type MailValues } from './mail-templates';
import { Notifier } from './notifications.service';

/**
 * What other modules call to email someone: renders a template and hands it to the configured
 * Notifier. It never throws: a message that could not be sent is logged (never its text, which carries
 * a token) and the request that caused it still succeeds.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly notifier: Notifier,
    private readonly templates: MailTemplates,
  ) {}

  async send<T extends MailTemplateName>(
    to: string,
    template: T,
    values: MailValues<T>,
  ): Promise<void> {
    try {
      await this.notifier.send({ to, template, ...this.templates.render(template, values) });
    } catch (error) {
      this.logger.error(
        `${template} message to ${to} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
  }
}
