import { type ChildProcess, spawn } from 'node:child_process';
import jwt from 'jsonwebtoken';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { freePort } from '../../src/database/embedded-postgres';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/app';
import { createAdmin, decodeJwt } from '../helpers/factories';
import { bearer } from '../helpers/organizations';
import { itWithRedis } from '../helpers/redis';

/** Issue 24: what an operator deploys, watches and rotates. */
describe('Running it for real', () => {
  describe('probes', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('/health/live answers without asking anything; /health/ready reports the database and Redis', async () => {
      expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      expect((await t.http.get('/health/ready').expect(200)).body).toEqual({
        status: 'ok',
        database: 'up',
        redis: 'not_configured',
      });
    });

    it('/health/ready is 503 while the database does not answer; /health/live stays 200', async () => {
      const query = jest
        .spyOn(t.app.get(DataSource), 'query')
        .mockRejectedValue(new Error('connection refused'));
      t.advanceClock(2); // past the one-second probe cache
      try {
        expect((await t.http.get('/health/ready').expect(503)).body).toEqual({
          status: 'unavailable',
          database: 'down',
          redis: 'not_configured',
        });
        await t.http.get('/health/live').expect(200);
      } finally {
        query.mockRestore();
        t.advanceClock(2);
      }
      await t.http.get('/health/ready').expect(200);
    });
  });

  describe('GET /metrics', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    const scrape = async (app = t, headers: Record<string, string> = {}) =>
      (await app.http.get('/metrics').set(headers).expect(200)).text;
    /** The value of one sample, 0 when absent. */
    const sample = (text: string, name: string, labels: string) =>
      Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

    it('counts responses by route template and status class, with latency histograms', async () => {
      const before = await scrape();
      await t.http.get('/health/live').expect(200);
      await t.http.get('/admin/api-keys/apk_nothing').expect(401);
      await t.http.get('/no/such/route').expect(404);
      const after = await scrape();
      const count = (labels: string) =>
        sample(after, 'gatehouse_http_requests_total', labels) -
        sample(before, 'gatehouse_http_requests_total', labels);
      expect(count('route="/health/live",method="GET",status="2xx"')).toBe(1);
      expect(count('route="/admin/api-keys/:id",method="GET",status="4xx"')).toBe(1);
      expect(count('route="\\(no route\\)",method="any",status="4xx"')).toBe(1);
      expect(after).toMatch(
        /^gatehouse_http_request_duration_seconds_bucket\{le="0.001",route="\/health\/live",method="GET"\} \d+$/m,
      );
      expect(after).toContain('gatehouse_process_resident_memory_bytes');
    });

    it('counts password checks, lockouts, cache hits and misses, and revocations', async () => {
      const admin = await createAdmin(t);
      const before = await scrape();
      for (let i = 0; i < 10; i++)
        await t.http.post('/auth/user/emailpass').send({ email: admin.email, password: 'wrong' });
      await t.http
        .post('/auth/user/emailpass')
        .send({ email: admin.email, password: 'wrong' })
        .expect(429);
      for (let i = 0; i < 3; i++)
        await t.http.get('/admin/users/me').set(bearer(admin.token)).expect(200);
      await t.http.post('/auth/logout').set(bearer(admin.token)).expect(200);
      const after = await scrape();
      const delta = (name: string, labels: string) =>
        sample(after, name, labels) - sample(before, name, labels);
      expect(
        delta('gatehouse_password_checks_total', 'action="auth.login",outcome="failure"'),
      ).toBe(10);
      expect(
        delta('gatehouse_password_checks_total', 'action="auth.login",outcome="refused"'),
      ).toBe(1);
      expect(Number(/^gatehouse_lockouts_total (\d+)$/m.exec(after)?.[1])).toBe(1);
      expect(
        delta('gatehouse_cache_lookups_total', 'cache="jwt",result="hit"'),
      ).toBeGreaterThanOrEqual(2);
      expect(
        delta('gatehouse_cache_lookups_total', 'cache="sessions",result="hit"'),
      ).toBeGreaterThanOrEqual(2);
      expect(delta('gatehouse_revocations_total', 'kind="session",direction="sent"')).toBe(1);
      // The notice comes back to this instance too, through PostgreSQL.
      const received = 'kind="session",direction="received"';
      let arrived = 0;
      for (let i = 0; i < 100 && !arrived; i++) {
        arrived =
          sample(await scrape(), 'gatehouse_revocations_total', received) -
          sample(before, 'gatehouse_revocations_total', received);
        if (!arrived) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(arrived).toBe(1);
    });

    it('in production: 404 unless METRICS_TOKEN is set and presented', async () => {
      const closed = await startTestApp({ env: { NODE_ENV: 'production' } });
      const guarded = await startTestApp({
        env: { NODE_ENV: 'production', METRICS_TOKEN: 'a-scraper-token-0123456789' },
      });
      try {
        const notFound = await closed.http.get('/metrics').expect(404);
        const unknown = await closed.http.get('/no/such/route').expect(404);
        expect(notFound.body).toEqual({ ...unknown.body, message: 'Cannot GET /metrics' });
        await guarded.http.get('/metrics').expect(404);
        await guarded.http.get('/metrics').set(bearer('wrong-token-0123456789abcd')).expect(404);
        expect(await scrape(guarded, bearer('a-scraper-token-0123456789'))).toContain(
          'gatehouse_http_requests_total',
        );
      } finally {
        await closed.close();
        await guarded.close();
      }
    });
  });

  describe('JWT_SECRET_PREVIOUS', () => {
    const previous = 'the-secret-before-the-rotation-0123456789abcdef';
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { JWT_SECRET_PREVIOUS: previous } });
    });
    afterAll(() => t.close());

    it('accepts a token signed with the previous secret until it expires; signs new ones with the current one only', async () => {
      const admin = await createAdmin(t);
      const claims = decodeJwt(admin.token);
      // The same session's token, as the instance before the rotation signed it.
      const before = jwt.sign(claims, previous, { algorithm: 'HS256' });
      await t.http.get('/admin/users/me').set(bearer(before)).expect(200);
      expect(() => jwt.verify(admin.token, TEST_JWT_SECRET)).not.toThrow();

      const forged = jwt.sign(claims, 'some-other-secret-that-nobody-configured-0123', {
        algorithm: 'HS256',
      });
      await t.http.get('/admin/users/me').set(bearer(forged)).expect(401);
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, previous, {
        algorithm: 'HS256',
      });
      await t.http.get('/admin/users/me').set(bearer(expired)).expect(401);
    });

    it('without it, the old secret signs nothing that is accepted', async () => {
      const plain = await startTestApp();
      try {
        const admin = await createAdmin(plain);
        const before = jwt.sign(decodeJwt(admin.token), previous, { algorithm: 'HS256' });
        await plain.http.get('/admin/users/me').set(bearer(before)).expect(401);
      } finally {
        await plain.close();
      }
    });
  });

  it('two tabs refreshing across a restart that rotated the secret share one live token; the session stands', async () => {
    const before = await startTestApp();
    const rotated = 'the-secret-after-the-rotation-0123456789abcdef';
    try {
      const admin = await createAdmin(before);
      const { body: first } = await before.http
        .post('/auth/user/emailpass')
        .send({ email: admin.email, password: admin.password })
        .expect(200);
      // The first tab refreshes on the instance before the rotation…
      const { body: tab } = await before.http
        .post('/auth/token/refresh')
        .send({ refresh_token: first.refresh_token })
        .expect(200);

      // …the second, within the grace window, on one after it: the same successor, which still rotates.
      const after = await startTestApp({
        beside: before,
        env: { JWT_SECRET: rotated, JWT_SECRET_PREVIOUS: TEST_JWT_SECRET },
      });
      // Without JWT_SECRET_PREVIOUS the successor cannot be made again: 401, and the session stands.
      const forgot = await startTestApp({ beside: before, env: { JWT_SECRET: rotated } });
      try {
        await forgot.http
          .post('/auth/token/refresh')
          .send({ refresh_token: first.refresh_token })
          .expect(401);
        const { body: again } = await after.http
          .post('/auth/token/refresh')
          .send({ refresh_token: first.refresh_token })
          .expect(200);
        expect(again.refresh_token).toBe(tab.refresh_token);
        const { body: next } = await after.http
          .post('/auth/token/refresh')
          .send({ refresh_token: again.refresh_token })
          .expect(200);
        expect(jwt.verify(next.token, rotated)).toMatchObject({ actor_id: admin.id });
      } finally {
        await after.close();
        await forgot.close();
      }
    } finally {
      await before.close();
    }
  });

  it('in production, Swagger is off unless DOCS=true', async () => {
    for (const [docs, status] of [
      [undefined, 404],
      ['true', 200],
    ] as const) {
      const t = await startTestApp({
        env: { NODE_ENV: 'production', ...(docs && { DOCS: docs }) },
      });
      try {
        await t.http.get('/docs-json').expect(status);
        await t.http.get('/health/live').expect(200);
      } finally {
        await t.close();
      }
    }
  });

  describe('Redis down', () => {
    const warning = 'Redis does not answer';
    const loginThrice = async (t: TestApp, email: string) => {
      for (let i = 0; i < 3; i++)
        await t.http
          .post('/auth/user/emailpass')
          .send({ email, password: 'supersecret' })
          .expect(200);
    };
    const count = (logs: string[], text: string) =>
      logs
        .join('')
        .split('\n')
        .filter((line) => line.includes(text)).length;

    it('from the start: logins and registrations work on per-instance counters, with one warning', async () => {
      const port = await freePort(); // nothing listens there
      const t = await startTestApp({
        captureLogs: true,
        env: { REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'warn' },
      });
      try {
        const admin = await createAdmin(t);
        await loginThrice(t, admin.email);
        await t.http
          .post('/auth/customer/emailpass/register')
          .send({ email: 'no-redis@example.com', password: 'no-redis-password-1' })
          .expect(200);
        // Wrong passwords are still counted (here), so the lockout still works.
        for (let i = 0; i < 10; i++)
          await t.http
            .post('/auth/user/emailpass')
            .send({ email: admin.email, password: 'wrong' })
            .expect(401);
        await t.http
          .post('/auth/user/emailpass')
          .send({ email: admin.email, password: 'supersecret' })
          .expect(429);
        expect((await t.http.get('/health/ready').expect(200)).body.redis).toBe('down');
        expect(count(t.logs, warning)).toBe(1);
      } finally {
        await t.close();
      }
    });

    itWithRedis('goes back to Redis when it returns, with one line each way', async () => {
      const port = await freePort();
      const start = () =>
        spawn(
          'redis-server',
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          {
            stdio: 'ignore',
          },
        );
      const ping = async () => {
        const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          client.disconnect();
        }
      };
      const until = async (done: () => Promise<boolean>) => {
        for (let i = 0; i < 200 && !(await done()); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(await done()).toBe(true);
      };
      let server: ChildProcess = start();
      await until(ping);
      const t = await startTestApp({
        captureLogs: true,
        env: {
          REDIS_URL: `redis://127.0.0.1:${port}`,
          REDIS_PREFIX: 'ops-test:',
          LOG_LEVEL: 'info',
        },
      });
      const ready = async () => (await t.http.get('/health/ready')).body.redis as string;
      try {
        const admin = await createAdmin(t);
        await until(async () => (await ready()) === 'up');

        server.kill('SIGKILL');
        await until(async () => (await ready()) === 'down');
        await loginThrice(t, admin.email);
        expect(count(t.logs, warning)).toBe(1);

        server = start();
        await until(async () => (await ready()) === 'up');
        expect(count(t.logs, 'Redis answers again')).toBe(1);
        await loginThrice(t, admin.email);
        const redis = new Redis(port, '127.0.0.1');
        try {
          expect((await redis.keys('ops-test:*')).length).toBeGreaterThan(0);
        } finally {
          redis.disconnect();
        }
        expect(count(t.logs, warning)).toBe(1);
      } finally {
        await t.close();
        server.kill('SIGKILL');
      }
    });
  });
});
