import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailMessage, Notifier } from './notifications.service';

/** RFC 2047 for a header with non-ASCII text; plain text otherwise. */
const header = (value: string) =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;

/**
 * Without SMTP_URL: each message becomes an `.eml` file in DATA_DIR/outbox (folder 0700, file 0600),
 * which any mail program opens. The log names the file, never its text: that carries a token.
 */
export class OutboxNotifier extends Notifier {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const now = new Date();
    const file = join(
      this.dir,
      `${now.toISOString().replace(/[:.]/g, '-')}-${message.template}-${randomBytes(4).toString('hex')}.eml`,
    );
    const eml = [
      `From: ${header(this.from)}`,
      `To: ${message.to}`,
      `Subject: ${header(message.subject)}`,
      `Date: ${now.toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      message.text,
    ].join('\r\n');
    await writeFile(file, eml, { mode: 0o600, flag: 'wx' });
    this.logger.log(
      `${message.template} message to ${message.to} written to ${file} (set SMTP_URL to deliver it)`,
    );
  }
}
