/**
 * What both benchmarks share: a fresh database, Gatehouse started as `npm start` starts it, the seeded
 * credentials and the authenticated GET routes to measure.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startFlags } from '../src/node-flags';
import { createScratchDatabase } from '../test/helpers/database';

export const ROOT = resolve(__dirname, '..');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A fresh database on BENCH_DATABASE_URL's server, and the environment of a production instance on it. */
export async function benchDatabase(): Promise<{
  env: NodeJS.ProcessEnv;
  drop: () => Promise<void>;
}> {
  const { url, drop } = await createScratchDatabase(ADMIN_URL, 'gatehouse_bench');
  return {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: url,
      RATE_LIMIT_PER_MINUTE: '100000000',
      HOST: '127.0.0.1',
    },
    drop,
  };
}

/** Starts the built service (under `wrapper`, e.g. valgrind, when given) and waits for /health. */
export async function startInstance(
  env: NodeJS.ProcessEnv,
  wrapper: string[] = [],
  startSeconds = 30,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // The node flags `npm start` gives Gatehouse, so that the bench measures what production runs.
  const command = [
    ...wrapper,
    process.execPath,
    ...startFlags(ROOT),
    join(ROOT, 'dist/src/main.js'),
  ];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://${env.HOST}:${port}`;
  for (let i = 0; i < startSeconds * 10; i++) {
    if (child.exitCode !== null) throw new Error('gatehouse exited during start-up');
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill('SIGKILL');
  throw new Error('gatehouse did not start');
}

export async function stopInstances(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) =>
          child.exitCode !== null ? done(null) : (child.once('exit', done), child.kill('SIGTERM')),
        ),
    ),
  );
}

export async function api<T>(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const BENCH_LOGIN = { email: 'bench@example.com', password: 'bench-password' };

/**
 * Logins for the login row, spread over many emails as real traffic is: the lockout lets at most 10
 * password checks of one email run at once (a burst of guesses gets no more tries than a sequence), so
 * 50 connections on one email would measure its refusals.
 */
export const LOGIN_ACCOUNTS = Array.from({ length: 64 }, (_, i) => ({
  email: `bench-login-${i}@example.com`,
  password: 'bench-password',
}));

/**
 * A user (made with the CLI), its JWT, a secret key, a personal access key, and an organization with an
 * organization access key.
 */
export async function seed(url: string, env: NodeJS.ProcessEnv) {
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'dist/src/cli/create-user.js'),
      '--email',
      BENCH_LOGIN.email,
      '--password',
      BENCH_LOGIN.password,
    ],
    { env },
  );
  const { token } = await api<{ token: string }>(url, '/auth/user/emailpass', {
    body: BENCH_LOGIN,
  });
  const jwt = { authorization: `Bearer ${token}` };
  for (const account of LOGIN_ACCOUNTS)
    await api(url, '/auth/user/emailpass/register', { body: account });
  const secret = (
    await api<{ api_key: { token: string } }>(url, '/admin/api-keys', {
      body: { title: 'bench', type: 'secret' },
      headers: jwt,
    })
  ).api_key.token;
  const { organization } = await api<{ organization: { id: string } }>(
    url,
    '/cloud/organizations',
    { body: { name: 'Bench Org' }, headers: jwt },
  );
  const organizationKey = (
    await api<{ access_key: { token: string } }>(
      url,
      `/cloud/organizations/${organization.id}/access-keys`,
      { body: { name: 'bench' }, headers: jwt },
    )
  ).access_key.token;
  const personal = (
    await api<{ access_key: { token: string } }>(url, '/cloud/me/access-keys', {
      body: { name: 'bench' },
      headers: jwt,
    })
  ).access_key.token;
  return { jwt, secret, personal, organizationId: organization.id, organizationKey };
}

export interface GetRoute {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

/** `/health` first (the baseline), then the authenticated GETs DESIGN §8 holds to it. */
export function getRoutes(url: string, credentials: Awaited<ReturnType<typeof seed>>): GetRoute[] {
  const { jwt, secret, personal, organizationId, organizationKey } = credentials;
  return [
    { name: 'GET /health (baseline)', url: `${url}/health` },
    { name: 'GET /admin/users/me, JWT', url: `${url}/admin/users/me`, headers: jwt },
    {
      name: 'GET /admin/users/me, x-medusa-access-token',
      url: `${url}/admin/users/me`,
      headers: { 'x-medusa-access-token': secret },
    },
    {
      name: 'GET /admin/users/me, Basic',
      url: `${url}/admin/users/me`,
      headers: { authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}` },
    },
    {
      name: 'GET /cloud/me, personal access key',
      url: `${url}/cloud/me`,
      headers: { authorization: `Bearer ${personal}` },
    },
    // Reads the organization from PostgreSQL on every request: not comparable with the cached rows above.
    {
      name: 'GET /cloud/organizations/:id, organization access key',
      url: `${url}/cloud/organizations/${organizationId}`,
      headers: { authorization: `Bearer ${organizationKey}` },
    },
  ];
}
