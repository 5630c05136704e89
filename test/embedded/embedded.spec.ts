import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { embeddedServiceSetting, finished } from '../helpers/embedded-service';

/**
 * The newcomer's path: no DATABASE_URL, so the built service starts its own PostgreSQL from a clean data
 * directory, serves the seed's flows, stops it on SIGTERM, and reuses the data on the next start.
 */
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const CLI = join(ROOT, 'dist/src/cli/create-user.js');
jest.setTimeout(180_000);

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    ({ dataDir, base, env } = await embeddedServiceSetting('embedded'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  async function start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
      const healthy = await fetch(`${base}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return child;
      await new Promise((wait) => setTimeout(wait, 250));
    }
    child.kill('SIGKILL');
    throw new Error('service did not become healthy');
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    return exited;
  }

  function post(path: string, body: unknown, token?: string) {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  it('starts from a clean directory, serves the seed flows, and stops postgres on SIGTERM', async () => {
    const service = await start();
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    const postgresPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(processAlive(postgresPid)).toBe(true);

    const created = await post('/store/customers', {
      email: 'customer@example.com',
      password: 'password123',
    });
    expect(created.status).toBe(200);
    const login = await post('/auth/customer/emailpass', {
      email: 'customer@example.com',
      password: 'password123',
    });
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${base}/store/customers/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await me.json()) as { customer: { email: string } }).customer.email).toBe(
      'customer@example.com',
    );

    expect(await stop(service)).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(processAlive(postgresPid)).toBe(false);
    // No JWT_SECRET: tokens were signed with a secret made for this installation, readable by it alone.
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('creates an admin with the CLI, idempotently', async () => {
    const run = (args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { env });
    const first = await run(['--email', 'admin@medusa-test.com', '--password', 'supersecret']);
    expect(first.stdout).toMatch(
      /^Created admin user admin@medusa-test\.com \(user_[0-9A-Z]{26}\)\./,
    );
    const second = await run(['--email', 'admin@medusa-test.com', '--password', 'supersecret']);
    expect(second.stdout).toContain(
      'User with email admin@medusa-test.com already exists; nothing changed.',
    );
  });

  it('reuses the data on the next start', async () => {
    const service = await start();
    try {
      const admin = await post('/auth/user/emailpass', {
        email: 'admin@medusa-test.com',
        password: 'supersecret',
      });
      expect(admin.status).toBe(200);
      const { token } = (await admin.json()) as { token: string };
      const me = await fetch(`${base}/admin/users/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(
        'admin@medusa-test.com',
      );
      const customer = await post('/auth/customer/emailpass', {
        email: 'customer@example.com',
        password: 'password123',
      });
      expect(customer.status).toBe(200);
    } finally {
      expect(await stop(service)).toBe(0);
    }
  });

  /** The built CLI, with `input` on its standard input. */
  function cli(args: string[], input = ''): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: 'pipe' });
    const result = finished(child);
    child.stdin.end(input);
    return result;
  }

  it('the CLI never hands a self-registered login to a new admin with its old password', async () => {
    // customer@example.com registered itself in the first test, with password123.
    const refused = await cli(
      ['--email', 'customer@example.com', '--password-stdin'],
      'chosen-by-admin\n',
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('already logs in');
    expect(refused.output).toContain('--reset-password');

    const reset = await cli(
      ['--email', 'customer@example.com', '--password-stdin', '--reset-password'],
      'chosen-by-admin\n',
    );
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.output).toMatch(
      /^Created admin user customer@example\.com \(user_[0-9A-Z]{26}\); its password was set/,
    );

    const service = await start();
    try {
      const old = await post('/auth/user/emailpass', {
        email: 'customer@example.com',
        password: 'password123',
      });
      expect(old.status).toBe(401);
      const admin = await post('/auth/user/emailpass', {
        email: 'customer@example.com',
        password: 'chosen-by-admin',
      });
      expect(admin.status).toBe(200);
    } finally {
      expect(await stop(service)).toBe(0);
    }
  });

  it('the CLI reads no password from a pipe unless told to, and explains its usage (exit 2)', async () => {
    const result = await cli(['--email', 'someone@example.com'], 'ignored\n');
    expect(result.code).toBe(2);
    expect(result.output).toContain('No terminal to ask for the password: use --password-stdin.');
  });

  it('refuses to start with a bad configuration, naming the variable, with exit code 1', async () => {
    const result = await promisify(execFile)(process.execPath, [MAIN], {
      env: { ...env, NODE_ENV: 'production', JWT_SECRET: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toContain(
      'JWT_SECRET is required when NODE_ENV=production',
    );
  });
});
