import type { MailTemplateName } from './mail-templates';

/** A rendered message, ready to go. Its text may carry a single-use token, so it is never logged. */
export interface MailMessage {
  to: string;
  template: MailTemplateName;
  subject: string;
  text: string;
}

/** Where messages go: the outbox folder by default, SMTP (nodemailer) when SMTP_URL is set. */
export abstract class Notifier {
  abstract send(message: MailMessage): Promise<void>;
}
