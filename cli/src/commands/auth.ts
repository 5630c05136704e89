import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Api, bearerAuth, LoginAuth } from '../api';
import type { Context } from '../context';
import { ApiError, CliError, EXIT } from '../errors';
import type { Organization, User } from '../types';
import { run } from './run';

interface DeviceGrant {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

interface Session {
  token: string;
  refresh_token: string;
}

const CREDENTIAL_WORDS = {
  login: 'a CLI session (gatehouse login)',
  personal_access_key: 'a personal access key',
  organization_access_key: 'an organization access key',
} as const;

export function authCommands(program: Command): void {
  program
    .command('login')
    .description(
      'Log in through the browser: approve this machine with a one-time code (RFC 8628 device login)',
    )
    .option('--no-browser', 'print the link without opening a browser')
    .addHelpText(
      'after',
      '\nNeeds a person at a terminal. In CI and scripts, set GATEHOUSE_ACCESS_KEY instead.\nThe CLI session is kept in the user configuration directory (gatehouse/credentials.json, mode 0600).',
    )
    .action(run((ctx, options: { browser: boolean }) => login(ctx, options.browser)));

  program
    .command('logout')
    .description('Sign the CLI session out on the server and forget it on this machine')
    .action(run((ctx) => logout(ctx)));

  program
    .command('whoami')
    .description('Who the CLI acts as, on which server, with which credential')
    .action(run((ctx) => whoami(ctx)));
}

async function login(ctx: Context, openIt: boolean): Promise<void> {
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new CliError(
      '`gatehouse login` needs a person at a terminal. In CI and scripts, set GATEHOUSE_ACCESS_KEY to an organization or personal access key instead',
      EXIT.usage,
    );
  if (process.env.GATEHOUSE_ACCESS_KEY)
    ctx.out.note('Note: GATEHOUSE_ACCESS_KEY is set, and takes precedence over this login.');
  const api = ctx.publicApi();
  const grant = await api.request<DeviceGrant>('POST', '/auth/device/code', {
    body: { client_name: `gatehouse CLI on ${hostname()}`.slice(0, 100) },
  });
  ctx.out.note(
    `Your one-time code: ${grant.user_code}\n` +
      `Approve this login at ${grant.verification_uri_complete}\n` +
      `(or open ${grant.verification_uri} and type the code; it expires in ${Math.round(grant.expires_in / 60)} minutes)`,
  );
  if (openIt && openBrowser(grant.verification_uri_complete))
    ctx.out.note('Opened it in your browser.');
  const session = await ctx.out.spin('Waiting for the approval…', () => poll(api, grant));
  const { user } = await new Api(ctx.url, bearerAuth(session.token)).get<{ user: User }>(
    '/cloud/me',
  );
  ctx.store.set(ctx.url, {
    ...session,
    user: { id: user.id, email: user.email },
    logged_in_at: new Date().toISOString(),
  });
  ctx.out.result({ url: ctx.url, user }, () => `Logged in to ${ctx.url} as ${user.email}`);
}

/**
 * Polls at the server's interval until a decision or the expiry: 5 s longer after each `slow_down`, and
 * after a 429 (the address's polling budget, shared with others behind it), which the person approving
 * in the browser should not see as a failed login.
 */
export async function poll(
  api: Pick<Api, 'request'>,
  grant: Pick<DeviceGrant, 'device_code' | 'interval'>,
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<Session> {
  let interval = grant.interval;
  for (;;) {
    await wait(interval * 1000);
    try {
      return await api.request<Session>('POST', '/auth/device/token', {
        body: { device_code: grant.device_code },
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 429) {
        interval += 5;
        continue;
      }
      switch (error.grantError) {
        case 'authorization_pending':
          continue;
        case 'slow_down':
          interval += 5;
          continue;
        case 'access_denied':
          throw new CliError(`The login was not approved: ${error.message}`, EXIT.forbidden);
        case 'expired_token':
          throw new CliError(
            'The code expired before it was approved: run `gatehouse login` again',
          );
        case 'invalid_grant':
        case undefined:
          throw error;
      }
    }
  }
}

/** The platform's opener, when there is a desktop to open in; false when there is none. */
function openBrowser(url: string): boolean {
  const [command, ...args] = process.env.BROWSER
    ? [process.env.BROWSER, url]
    : process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : [];
  if (!command) return false;
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

async function logout(ctx: Context): Promise<void> {
  const login = ctx.store.get(ctx.url);
  if (!login) throw new CliError(`Not logged in to ${ctx.url}`, EXIT.unauthenticated);
  let revoked = true;
  try {
    await new Api(ctx.url, new LoginAuth(ctx.url, ctx.store, login)).request(
      'POST',
      '/auth/logout',
    );
  } catch (error) {
    // Already signed out (elsewhere, or expired): nothing left to revoke on the server.
    if (!(error instanceof CliError) || error.exitCode !== EXIT.unauthenticated) throw error;
    revoked = false;
  }
  ctx.store.delete(ctx.url);
  ctx.out.result({ url: ctx.url, logged_out: true, revoked_on_server: revoked }, () =>
    revoked
      ? `Logged out of ${ctx.url}: the CLI session is signed out`
      : `Logged out of ${ctx.url} (the server had already ended the session)`,
  );
}

async function whoami(ctx: Context): Promise<void> {
  const api = await ctx.api();
  const credential = api.credential ?? 'login';
  if (credential === 'organization_access_key') {
    const [organization] = await api.all<Organization>('/cloud/organizations', 'organizations');
    ctx.out.result(
      { url: ctx.url, credential, organization: organization && pick(organization) },
      () =>
        `The organization ${organization?.name} (${organization?.id}) on ${ctx.url}, with ${CREDENTIAL_WORDS[credential]}`,
    );
    return;
  }
  const { user } = await api.get<{ user: User }>('/cloud/me');
  ctx.out.result(
    { url: ctx.url, credential, user },
    () => `${user.email} (${user.id}) on ${ctx.url}, with ${CREDENTIAL_WORDS[credential]}`,
  );
}

function pick({ id, name }: Organization): { id: string; name: string } {
  return { id, name };
}
