import { Logger } from '@nestjs/common';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/config';
import { MAIL_TEMPLATES, MailTemplates } from './mail-templates';
import { MailService } from './mail.service';
import { Notifier } from './notifications.service';
import { OutboxNotifier } from './outbox.notifier';

describe('mail', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-mail-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('MailTemplates', () => {
    it('renders every built-in template with its values, and no placeholder is left', () => {
      const templates = MailTemplates.load();
      for (const name of Object.keys(MAIL_TEMPLATES) as (keyof typeof MAIL_TEMPLATES)[]) {
        const values = Object.fromEntries(MAIL_TEMPLATES[name].map((key) => [key, `<${key}>`]));
        const { subject, text } = templates.render(name, values as never);
        expect(subject).not.toBe('');
        expect(text).toContain('<link>');
        expect(`${subject}${text}`).not.toMatch(/\{\{/);
      }
    });

    it('takes a file from MAIL_TEMPLATES_DIR where there is one, the built-in one elsewhere', () => {
      writeFileSync(
        join(dir, 'invite.txt'),
        'Subject: Join {{ invited_by }}\n\nGo to {{link}} now.',
      );
      const templates = MailTemplates.load(dir);
      const values = {
        email: 'a@example.com',
        link: 'https://x/#token=t',
        invited_by: 'Bo',
        expires_at: '',
      };
      expect(templates.render('invite', values)).toEqual({
        subject: 'Join Bo',
        text: 'Go to https://x/#token=t now.',
      });
      expect(templates.render('user-password-reset', values).subject).toBe(
        'Reset your Gatehouse password',
      );
    });

    it('a value never adds a header line to the subject', () => {
      writeFileSync(join(dir, 'invite.txt'), 'Subject: From {{invited_by}}\n\n{{link}}');
      const { subject } = MailTemplates.load(dir).render('invite', {
        email: '',
        link: '',
        invited_by: 'Eve\r\nBcc: everyone@example.com',
        expires_at: '',
      });
      expect(subject).toBe('From Eve Bcc: everyone@example.com');
    });

    it.each([
      ['no Subject line', 'Hello {{link}}', /must start with a "Subject: …" line/],
      [
        'no blank line after it',
        'Subject: Hi\nHello {{link}}',
        /must start with a "Subject: …" line/,
      ],
      [
        'a value the message does not have',
        'Subject: Hi\n\n{{link}} {{tokn}}',
        /uses \{\{tokn\}\}/,
      ],
    ])('refuses to start with a template that has %s', (_case, content, message) => {
      writeFileSync(join(dir, 'user-password-reset.txt'), content);
      expect(() => MailTemplates.load(dir)).toThrow(ConfigError);
      expect(() => MailTemplates.load(dir)).toThrow(message);
    });
  });

  describe('OutboxNotifier', () => {
    it('writes an .eml file only its owner can read, and logs the file, never the text', async () => {
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation();
      const outbox = join(dir, 'outbox');
      await new OutboxNotifier(outbox, 'Gatehouse <no-reply@example.com>').send({
        to: 'ada@example.com',
        template: 'invite',
        subject: 'Willkommen, Ada',
        text: 'Open https://example.com/console/invite#token=invite_secret',
      });
      const [name] = readdirSync(outbox);
      const file = join(outbox, name!);
      expect(name).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-invite-[0-9a-f]{8}\.eml$/);
      expect(statSync(outbox).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const content = readFileSync(file, 'utf8');
      expect(content).toMatch(
        /^From: Gatehouse <no-reply@example.com>\r\nTo: ada@example.com\r\nSubject: Willkommen, Ada\r\nDate: .+ GMT\r\n/,
      );
      expect(
        content.endsWith('\r\n\r\nOpen https://example.com/console/invite#token=invite_secret'),
      ).toBe(true);
      expect(log).toHaveBeenCalledWith(expect.stringContaining(file));
      expect(JSON.stringify(log.mock.calls)).not.toContain('invite_secret');
      log.mockRestore();
    });
  });

  describe('MailService', () => {
    it('a failed delivery is logged without the text and does not throw', async () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation();
      const failing = new (class extends Notifier {
        send(): Promise<void> {
          return Promise.reject(new Error('connection refused'));
        }
      })();
      await new MailService(failing, MailTemplates.load()).send(
        'ada@example.com',
        'user-password-reset',
        {
          email: 'ada@example.com',
          link: 'https://example.com/#token=prt_secret',
        },
      );
      expect(error).toHaveBeenCalledWith(
        'user-password-reset message to ada@example.com failed: connection refused',
      );
      expect(JSON.stringify(error.mock.calls)).not.toContain('prt_secret');
      error.mockRestore();
    });
  });
});
