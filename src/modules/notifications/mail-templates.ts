import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../config/config';

/** Every message Gatehouse sends, with the values its template may use (templates/mail/README.md). */
export const MAIL_TEMPLATES = {
  invite: ['email', 'link', 'invited_by', 'expires_at'],
  'user-password-reset': ['email', 'link'],
  'customer-password-reset': ['email', 'link'],
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailValues<T extends MailTemplateName> = Record<
  (typeof MAIL_TEMPLATES)[T][number],
  string
>;

/** The templates shipped with Gatehouse: `templates/mail`, from `src` or from `dist/src`. */
export const BUILT_IN_TEMPLATES_DIR = resolve(
  __dirname,
  __filename.endsWith('.ts') ? '../../../templates/mail' : '../../../../templates/mail',
);

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

interface Template {
  subject: string;
  body: string;
}

/**
 * The message templates, read once at start: from MAIL_TEMPLATES_DIR where it has the file, else the
 * built-in one. A template without a `Subject:` line, or using a value its message does not have, stops
 * the start with a ConfigError naming the file.
 */
export class MailTemplates {
  private constructor(private readonly templates: Map<MailTemplateName, Template>) {}

  static load(overrideDir?: string): MailTemplates {
    const problems: string[] = [];
    const templates = new Map<MailTemplateName, Template>();
    for (const name of Object.keys(MAIL_TEMPLATES) as MailTemplateName[]) {
      const custom = overrideDir ? join(resolve(overrideDir), `${name}.txt`) : undefined;
      const file =
        custom && existsSync(custom) ? custom : join(BUILT_IN_TEMPLATES_DIR, `${name}.txt`);
      const [first = '', blank, ...body] = readFileSync(file, 'utf8').split(/\r?\n/);
      const subject = /^Subject:\s*(.+)$/.exec(first)?.[1]?.trim();
      if (!subject || blank !== '') {
        problems.push(`${file} must start with a "Subject: …" line and then a blank line`);
        continue;
      }
      const text = body.join('\n');
      const allowed: readonly string[] = MAIL_TEMPLATES[name];
      const unknown = [...`${subject}\n${text}`.matchAll(PLACEHOLDER)]
        .map((match) => match[1] ?? '')
        .filter((value) => !allowed.includes(value));
      if (unknown.length) {
        problems.push(
          `${file} uses {{${unknown.join('}}, {{')}}}; it may use ${allowed.map((v) => `{{${v}}}`).join(', ')}`,
        );
        continue;
      }
      templates.set(name, { subject, body: text });
    }
    if (problems.length) throw new ConfigError(problems);
    return new MailTemplates(templates);
  }

  render<T extends MailTemplateName>(
    name: T,
    values: MailValues<T>,
  ): { subject: string; text: string } {
    const template = this.templates.get(name)!;
    const fill = (text: string) =>
      text.replace(
        PLACEHOLDER,
        (_match, key: string) => (values as Record<string, string>)[key] ?? '',
      );
    // Only the body may span lines: a value with a line break would start a new header.
    return { subject: fill(template.subject).replace(/\s+/g, ' '), text: fill(template.body) };
  }
}
