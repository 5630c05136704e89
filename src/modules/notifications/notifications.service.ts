export interface Notification {
  to: string;
  template: 'password_reset' | 'invite';
  subject: string;
  /** The message; it may carry a single-use token, so it is never logged. */
  text: string;
}

/** Where emails go: the logging provider by default, SMTP (nodemailer) when SMTP_URL is set. */
export abstract class Notifier {
  abstract send(notification: Notification): Promise<void>;
}
