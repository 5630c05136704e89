import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { freePort } from '../../src/database/embedded-postgres';
import { createTestDatabase } from '../helpers/database';
import { itWithRedis, TEST_REDIS_URL } from '../helpers/redis';

/**
 * Two Gatehouse processes over one PostgreSQL (and, with TEST_REDIS_URL, one Redis): a revocation on one
 * is refused by the other within a second (its caches are evicted by LISTEN/NOTIFY), and lockout counters
 * are shared through Redis.
 */
const ROOT = resolve(__dirname, '../..');
jest.setTimeout(120_000);

describe('two instances', () => {
  const prefix = `gatehouse-test-${randomBytes(4).toString('hex')}:`;
  const children: ChildProcess[] = [];
  let database: { url: string; drop: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let a: string;
  let b: string;

  async function start(port: number): Promise<string> {
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null)
        throw new Error(`instance on ${port} exited with ${child.exitCode}`);
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return base;
      await new Promise((wait) => setTimeout(wait, 100));
    }
    throw new Error(`instance on ${port} did not start`);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database.url,
      ...(TEST_REDIS_URL && { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix }),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000',
    };
    // Started together on an empty database: the migration lock makes them take turns.
    [a, b] = await Promise.all([start(await freePort()), start(await freePort())]);
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'dist/src/cli/create-user.js'),
        '--email',
        'admin@medusa-test.com',
        '--password',
        'supersecret',
      ],
      { env },
    );
  });

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((done) =>
            child.exitCode !== null
              ? done(null)
              : (child.once('exit', done), child.kill('SIGTERM')),
          ),
      ),
    );
    await database.drop();
    if (!TEST_REDIS_URL) return;
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 5000 });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const json = (method: string, body?: unknown, headers: Record<string, string> = {}) => ({
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  async function login(base: string): Promise<string> {
    const response = await fetch(
      `${base}/auth/user/emailpass`,
      json('POST', { email: 'admin@medusa-test.com', password: 'supersecret' }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  /** Milliseconds until `request` answers 401 on the other instance (fails past 1 s). */
  async function refusedWithin(request: () => Promise<Response>): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < 1000) {
      if ((await request()).status === 401) return Date.now() - started;
      await new Promise((wait) => setTimeout(wait, 20));
    }
    throw new Error('still accepted after 1 s');
  }

  it('a session logged out on A is refused by B within a second', async () => {
    const token = await login(a);
    const me = () =>
      fetch(`${b}/admin/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200);
    const out = await fetch(
      `${a}/auth/logout`,
      json('POST', undefined, { authorization: `Bearer ${token}` }),
    );
    expect(out.status).toBe(200);
    expect(await refusedWithin(me)).toBeLessThan(1000);
  });

  it('an API key revoked on A is refused by B within a second', async () => {
    const jwt = await login(a);
    const created = await fetch(
      `${a}/admin/api-keys`,
      json('POST', { title: 'ci', type: 'secret' }, { authorization: `Bearer ${jwt}` }),
    );
    const { api_key } = (await created.json()) as { api_key: { id: string; token: string } };
    const products = () =>
      fetch(`${b}/admin/products`, { headers: { 'x-medusa-access-token': api_key.token } });
    expect((await products()).status).toBe(200);
    const revoked = await fetch(
      `${a}/admin/api-keys/${api_key.id}/revoke`,
      json('POST', {}, { authorization: `Bearer ${jwt}` }),
    );
    expect(revoked.status).toBe(200);
    expect(await refusedWithin(products)).toBeLessThan(1000);
  });

  async function createUser(email: string): Promise<void> {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'dist/src/cli/create-user.js'), '--email', email, '--password', 'supersecret'],
      { env },
    );
  }

  async function loginAs(base: string, email: string): Promise<string> {
    const response = await fetch(
      `${base}/auth/user/emailpass`,
      json('POST', { email, password: 'supersecret' }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  async function post<T>(base: string, path: string, jwt: string, body: unknown = {}): Promise<T> {
    const response = await fetch(
      `${base}${path}`,
      json('POST', body, { authorization: `Bearer ${jwt}` }),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('a user deleted on A: their JWT, secret key, personal key and organization key are refused by B within a second', async () => {
    const admin = await login(a);
    await createUser('leaver@example.com');
    const jwt = await loginAs(a, 'leaver@example.com');
    const me = (await (
      await fetch(`${a}/admin/users/me`, { headers: { authorization: `Bearer ${jwt}` } })
    ).json()) as { user: { id: string } };
    const { api_key } = await post<{ api_key: { token: string } }>(a, '/admin/api-keys', jwt, {
      title: 'theirs',
      type: 'secret',
    });
    const personal = await post<{ access_key: { token: string } }>(
      a,
      '/cloud/me/access-keys',
      jwt,
      {
        name: 'laptop',
      },
    );
    const { organization } = await post<{ organization: { id: string } }>(
      a,
      '/cloud/organizations',
      admin,
      { name: 'Shared' },
    );
    await post(a, `/cloud/organizations/${organization.id}/members`, admin, {
      email: 'leaver@example.com',
      role: 'admin',
    });
    const orgKey = await post<{ access_key: { token: string } }>(
      a,
      `/cloud/organizations/${organization.id}/access-keys`,
      jwt,
      { name: 'CI' },
    );
    const ways = [
      () => fetch(`${b}/admin/users/me`, { headers: { authorization: `Bearer ${jwt}` } }),
      () => fetch(`${b}/admin/users/me`, { headers: { 'x-medusa-access-token': api_key.token } }),
      () =>
        fetch(`${b}/cloud/me`, {
          headers: { authorization: `Bearer ${personal.access_key.token}` },
        }),
      () =>
        fetch(`${b}/cloud/organizations/${organization.id}/projects`, {
          headers: { authorization: `Bearer ${orgKey.access_key.token}` },
        }),
    ];
    // Each answered by B, twice, so that B has it cached.
    for (const way of ways) for (let i = 0; i < 2; i++) expect((await way()).status).toBe(200);
    const deleted = await fetch(
      `${a}/admin/users/${me.user.id}`,
      json('DELETE', undefined, { authorization: `Bearer ${admin}` }),
    );
    expect(deleted.status).toBe(200);
    for (const way of ways) expect(await refusedWithin(way)).toBeLessThan(1000);
  });

  it('a member removed on A: the organization key they created is refused by B within a second', async () => {
    const admin = await login(a);
    await createUser('member@example.com');
    const jwt = await loginAs(a, 'member@example.com');
    const { organization } = await post<{ organization: { id: string } }>(
      a,
      '/cloud/organizations',
      admin,
      { name: 'Team' },
    );
    const { member } = await post<{ member: { user_id: string } }>(
      a,
      `/cloud/organizations/${organization.id}/members`,
      admin,
      { email: 'member@example.com' },
    );
    const { access_key } = await post<{ access_key: { token: string } }>(
      a,
      `/cloud/organizations/${organization.id}/access-keys`,
      jwt,
      { name: 'CI' },
    );
    const projects = () =>
      fetch(`${b}/cloud/organizations/${organization.id}/projects`, {
        headers: { authorization: `Bearer ${access_key.token}` },
      });
    expect((await projects()).status).toBe(200);
    expect((await projects()).status).toBe(200);
    const removed = await fetch(
      `${a}/cloud/organizations/${organization.id}/members/${member.user_id}`,
      json('DELETE', undefined, { authorization: `Bearer ${admin}` }),
    );
    expect(removed.status).toBe(200);
    expect(await refusedWithin(projects)).toBeLessThan(1000);
  });

  itWithRedis('account lockout counts failures on both instances (Redis)', async () => {
    const attempt = (base: string, password: string) =>
      fetch(
        `${base}/auth/user/emailpass`,
        json('POST', { email: 'admin@medusa-test.com', password }),
      );
    for (let i = 0; i < 10; i++)
      expect((await attempt(i % 2 ? a : b, `wrong-${i}`)).status).toBe(401);
    for (const base of [a, b]) {
      const locked = await attempt(base, 'supersecret');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('60');
    }
  });

  // Last: it stops instance B.
  it('a SIGTERM drains: requests already on their way over keep-alive connections are served', async () => {
    const { port } = new URL(b);
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const outcomes: { status?: number; connection?: string; error?: string }[] = [];
    let sequence = 0;
    // A sign-up hashes a password: enough work that each connection has a request in flight.
    const signUp = () =>
      new Promise<(typeof outcomes)[number]>((done) => {
        const call = request(
          { host: '127.0.0.1', port, path: '/store/customers', method: 'POST', agent },
          (response) => {
            response.resume();
            response.on('end', () =>
              done({ status: response.statusCode, connection: response.headers.connection }),
            );
          },
        );
        call.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code }));
        call.setHeader('content-type', 'application/json');
        call.end(
          JSON.stringify({
            email: `drain-${(sequence += 1)}@example.com`,
            // Production refuses common passwords such as password123.
            password: 'drain-test-password-7',
          }),
        );
      });
    const clients = Array.from({ length: 20 }, async () => {
      for (;;) {
        const outcome = await signUp();
        outcomes.push(outcome);
        if (outcome.error || outcome.connection === 'close') return;
      }
    });
    await new Promise((wait) => setTimeout(wait, 1000));
    const instance = children[1]!;
    const exited = new Promise((done) => instance.once('exit', done));
    instance.kill('SIGTERM');
    await Promise.all(clients);
    await exited;
    agent.destroy();

    const answered = outcomes.filter((outcome) => outcome.status !== undefined);
    // Before, each of these got Fastify's bare 503 {"error":"Service Unavailable",…}.
    expect(answered.filter((outcome) => outcome.status !== 200)).toEqual([]);
    expect(answered.filter((outcome) => outcome.connection === 'close').length).toBeGreaterThan(0);
  });
});
