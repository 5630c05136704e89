import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailTemplateName } from '../../src/modules/notifications/mail-templates';

export interface SentMail {
  file: string;
  /** The file's permission bits (0o600 expected). */
  mode: number;
  headers: Record<string, string>;
  text: string;
}

/** The messages in DATA_DIR/outbox (where they go without SMTP_URL), oldest first. */
export async function readOutbox(dataDir: string): Promise<SentMail[]> {
  const dir = join(dataDir, 'outbox');
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    names.sort().map(async (name) => {
      const file = join(dir, name);
      const [content, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      const [head = '', ...body] = content.split('\r\n\r\n');
      const headers = Object.fromEntries(
        head
          .split('\r\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      return { file, mode: info.mode & 0o777, headers, text: body.join('\r\n\r\n') };
    }),
  );
}

/**
 * The newest `template` message to `to`, waiting up to 5 s for it (messages are sent after the response).
 * With `newerThan`, only a message written after that one counts.
 */
export async function waitForMail(
  dataDir: string,
  to: string,
  template: MailTemplateName,
  newerThan?: SentMail,
): Promise<SentMail> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const found = (await readOutbox(dataDir))
      .filter((mail) => mail.headers.To === to && mail.file.includes(`-${template}-`))
      .filter((mail) => !newerThan || mail.file > newerThan.file)
      .at(-1);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${template} message to ${to} in ${dataDir}/outbox`);
}

/** The link a message carries, and the values in its fragment (`#token=…&email=…`). */
export function linkIn(mail: SentMail): { url: URL; token: string; email: string } {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in ${mail.file}`);
  const url = new URL(link);
  const fragment = new URLSearchParams(url.hash.slice(1));
  return { url, token: fragment.get('token') ?? '', email: fragment.get('email') ?? '' };
}
