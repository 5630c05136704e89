import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { AppError, DuplicateError } from '../common/errors/app-errors';
import { loadConfigOrExit } from '../config/config';
import { openDatabase } from '../database/embedded-postgres';
import { migrate } from '../database/migrate';
import { ADMIN_ROLE_ID } from '../common/auth/permissions';
import { AccountsService, ExistingLoginError } from '../modules/accounts/accounts.service';

const USAGE = `usage: npm run user:create -- --email EMAIL [--password-stdin | --password PASSWORD]
                           [--first-name F] [--last-name L] [--reset-password]

Creates an admin user (role admin). Without --password or --password-stdin, asks for the password
(hidden) when run in a terminal. --password-stdin reads it from standard input, so that it need not
sit in your shell history.

--reset-password  When the email already logs in (a customer account, or this very admin), set its
                  password to this one and sign out its sessions, instead of refusing.

Exit codes: 0 created (or the user already existed), 1 refused or failed, 2 usage.`;

class UsageError extends Error {}

/** Everything on standard input, less one trailing newline (`echo` and here-strings add one). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    terminal.question(question, (answer) => {
      terminal.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(values: { password?: string; 'password-stdin'?: boolean }) {
  if (values.password !== undefined && values['password-stdin'])
    throw new UsageError('Give --password or --password-stdin, not both.');
  if (values.password !== undefined) return values.password;
  if (values['password-stdin']) return readStdin();
  if (!process.stdin.isTTY)
    throw new UsageError('No terminal to ask for the password: use --password-stdin.');
  const password = await prompt('Password: ');
  if ((await prompt('Repeat the password: ')) !== password)
    throw new UsageError('The passwords do not match.');
  return password;
}

/** `npm run user:create`: an admin user with a login. Running it again for the same email changes nothing. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      'reset-password': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.email) throw new UsageError('--email is required.');
  const password = await readPassword(values);
  if (password.length < 8) throw new UsageError('The password must be at least 8 characters long.');
  const config = loadConfigOrExit();
  // While `npm start` runs on the embedded database, use its server rather than refuse.
  const database = await openDatabase(config.databaseUrl, config.dataDir, () => undefined, {
    shareRunning: true,
  });
  await migrate(database.url);
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, database.url),
    { logger: false },
  );
  try {
    const { user, created } = await context.get(AccountsService).createWithPassword(
      {
        email: values.email,
        password,
        first_name: values['first-name'],
        last_name: values['last-name'],
        role_ids: [ADMIN_ROLE_ID],
      },
      { resetPassword: values['reset-password'] ?? false },
    );
    const reset = values['reset-password']
      ? '; its password was set and its sessions signed out'
      : '';
    console.log(
      `${created ? 'Created admin user' : 'Admin user'} ${user.email} (${user.id})${reset}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ExistingLoginError) {
      console.error(
        `${error.email} already logs in (a customer account, for instance), with a password this command ` +
          `did not set. Nothing changed. To make it an admin with the password you gave, run again with ` +
          `--reset-password (its other sessions are signed out), or invite the email (POST /admin/invites).`,
      );
      return 1;
    }
    if (error instanceof DuplicateError) {
      console.log(`${error.message}; nothing changed.`);
      return 0;
    }
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await context.close();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`user:create failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
