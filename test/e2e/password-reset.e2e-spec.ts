import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, type Actor, uniqueEmail } from '../helpers/factories';
import { linkIn, readOutbox, type SentMail, waitForMail } from '../helpers/mail';
import { bearer } from '../helpers/organizations';

const INVALID_TOKEN = { type: 'unauthorized', message: 'Invalid token' };

describe('Password reset', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      captureLogs: true,
      env: {
        LOG_LEVEL: 'info',
        PUBLIC_URL: 'https://gatehouse.example.com',
        STOREFRONT_URL: 'https://shop.example.com/',
      },
    });
  });
  afterAll(() => t.close());

  async function tokenSentTo(email: string, newerThan?: SentMail): Promise<string> {
    const { token } = linkIn(await waitForMail(t.dataDir, email, 'user-password-reset', newerThan));
    expect(token).toMatch(/^prt_[0-9A-Za-z]{43}$/);
    return token;
  }

  async function requestReset(email: string) {
    const response = await t.http
      .post('/auth/user/emailpass/reset-password')
      .send({ identifier: email })
      .expect(201);
    expect(response.text).toBe('');
  }

  it('end to end: request, token from the provider, new password, old sessions dead, old password refused', async () => {
    const admin: Actor = await createAdmin(t, uniqueEmail('forgetful'), 'old-password-1');
    const { body: second } = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'old-password-1' })
      .expect(200);
    await requestReset(admin.email);
    const token = await tokenSentTo(admin.email);

    const updated = await t.http
      .post('/auth/user/emailpass/update')
      .set(bearer(token))
      .send({ password: 'new-password-2' })
      .expect(200);
    expect(updated.body).toEqual({
      success: true,
      sessions_revoked: 2,
      keys_revoked: false,
      api_keys: [],
      access_keys: [],
    });

    for (const jwt of [admin.token, second.token])
      await t.http.get('/admin/users/me').set(bearer(jwt)).expect(401);
    await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: second.refresh_token })
      .expect(401);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'old-password-1' })
      .expect(401);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'new-password-2' })
      .expect(200);

    // Single use.
    const again = await t.http
      .post('/auth/user/emailpass/update')
      .set(bearer(token))
      .send({ password: 'third-password-3' })
      .expect(401);
    expect(again.body).toEqual(INVALID_TOKEN);
    // The token never reached a log line.
    expect(t.logs.join('')).not.toContain(token);
  });

  it('emails an admin a link to the console and a customer one to the storefront, token in the fragment', async () => {
    const admin = await createAdmin(t);
    await requestReset(admin.email);
    const mail = await waitForMail(t.dataDir, admin.email, 'user-password-reset');
    const link = linkIn(mail);
    expect(link.url.href.split('#')[0]).toBe(
      'https://gatehouse.example.com/console/reset-password',
    );
    expect(link.email).toBe(admin.email);
    expect(mail.headers.Subject).toBe('Reset your Gatehouse password');
    expect(mail.mode).toBe(0o600);
    expect(mail.text).not.toContain('POST /auth');
    // The log names the file, never the token.
    expect(t.logs.join('')).toContain(mail.file);
    expect(t.logs.join('')).not.toContain(link.token);

    const customer = await createCustomer(t);
    await t.http
      .post('/auth/customer/emailpass/reset-password')
      .send({ identifier: customer.email })
      .expect(201);
    const storefront = linkIn(
      await waitForMail(t.dataDir, customer.email, 'customer-password-reset'),
    );
    expect(storefront.url.href.split('#')[0]).toBe('https://shop.example.com/reset-password');
    expect(storefront.email).toBe(customer.email);
    await t.http
      .post('/auth/customer/emailpass/update')
      .set(bearer(storefront.token))
      .send({ password: 'customer-new-password-1' })
      .expect(200);
  });

  it('answers 201 for an unknown email too, and sends nothing', async () => {
    const nobody = uniqueEmail('nobody');
    await requestReset(nobody);
    const known = await createAdmin(t);
    await requestReset(known.email);
    // A message for the first request would have been on its way before the second request began.
    await waitForMail(t.dataDir, known.email, 'user-password-reset');
    expect((await readOutbox(t.dataDir)).filter((mail) => mail.headers.To === nobody)).toEqual([]);
  });

  it('400 without an identifier', async () => {
    await t.http.post('/auth/user/emailpass/reset-password').send({}).expect(400);
  });

  it('a token expires after 15 minutes, is replaced by a newer one, and is tied to its actor type', async () => {
    const admin = await createAdmin(t);
    await requestReset(admin.email);
    const firstMail = await waitForMail(t.dataDir, admin.email, 'user-password-reset');
    const first = linkIn(firstMail).token;
    await requestReset(admin.email);
    const second = await tokenSentTo(admin.email, firstMail);
    expect(second).not.toBe(first);
    await t.http
      .post('/auth/user/emailpass/update')
      .set(bearer(first))
      .send({ password: 'whatever-pass' })
      .expect(401);
    await t.http
      .post('/auth/customer/emailpass/update')
      .set(bearer(second))
      .send({ password: 'whatever-pass' })
      .expect(401);

    t.advanceClock(15 * 60 + 1);
    const expired = await t.http
      .post('/auth/user/emailpass/update')
      .set(bearer(second))
      .send({ password: 'whatever-pass' })
      .expect(401);
    expect(expired.body).toEqual(INVALID_TOKEN);
    t.advanceClock(-(15 * 60 + 1));
  });

  it('401 without a token; 400 for a short password', async () => {
    await t.http
      .post('/auth/user/emailpass/update')
      .send({ password: 'whatever-pass' })
      .expect(401);
    const admin = await createAdmin(t);
    await requestReset(admin.email);
    await t.http
      .post('/auth/user/emailpass/update')
      .set(bearer(await tokenSentTo(admin.email)))
      .send({ password: 'short' })
      .expect(400);
  });
});

describe('Brute-force protection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function failTenTimes(email: string) {
    for (let i = 0; i < 10; i++) {
      await t.http
        .post('/auth/user/emailpass')
        .send({ email, password: `wrong-${i}` })
        .expect(401);
    }
  }

  it('locks an account after 10 failures, answering a real and a made-up account alike', async () => {
    const admin = await createAdmin(t, uniqueEmail('target'), 'right-password');
    const ghost = uniqueEmail('ghost');
    await failTenTimes(admin.email);
    await failTenTimes(ghost);

    const real = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'right-password' })
      .expect(429);
    const fake = await t.http
      .post('/auth/user/emailpass')
      .send({ email: ghost, password: 'right-password' })
      .expect(429);
    expect(real.body).toEqual({
      type: 'too_many_requests',
      message: 'Too many requests, try again later',
    });
    expect(fake.body).toEqual(real.body);
    expect(real.headers['retry-after']).toBe('60');
    expect(fake.headers['retry-after']).toBe('60');

    // The lock lifts after its delay; the next lock lasts twice as long.
    t.advanceClock(61);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'right-password' })
      .expect(200);
    await failTenTimes(admin.email);
    const longer = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'right-password' })
      .expect(429);
    expect(longer.headers['retry-after']).toBe('120');
    t.advanceClock(-61);
  });
});

describe('Rate limits per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit on the auth routes, and leaves other routes alone', async () => {
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/auth/user/emailpass/reset-password')
        .send({ identifier: `x${i}@example.com` })
        .expect(201);
    }
    const limited = await t.http
      .post('/auth/user/emailpass/reset-password')
      .send({ identifier: 'y@example.com' })
      .expect(429);
    expect(limited.body.type).toBe('too_many_requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: 'z@example.com', password: 'whatever' })
      .expect(429);
    await t.http
      .post('/store/customers')
      .send({ email: 'signup@example.com', password: 'password123' })
      .expect(429);
    await t.http.get('/health').expect(200);
    // Without TRUST_PROXY a client cannot claim another address to get a fresh budget.
    await t.http
      .post('/auth/user/emailpass/reset-password')
      .set('X-Forwarded-For', '198.51.100.1')
      .send({ identifier: 'y@example.com' })
      .expect(429);
  });
});

describe('Behind a proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const resetFrom = (ip: string) =>
    t.http
      .post('/auth/user/emailpass/reset-password')
      .set('X-Forwarded-For', ip)
      .send({ identifier: 'someone@example.com' });

  it('gives each forwarded client its own rate-limit budget', async () => {
    await resetFrom('203.0.113.1').expect(201);
    await resetFrom('203.0.113.1').expect(201);
    await resetFrom('203.0.113.1').expect(429);
    await resetFrom('203.0.113.2').expect(201);
  });

  it('records the forwarded client in the sessions list', async () => {
    const admin = await createAdmin(t);
    const login = await t.http
      .post('/auth/user/emailpass')
      .set('X-Forwarded-For', '203.0.113.50, 10.0.0.3')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const sessions = await t.http
      .get('/auth/sessions')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    const current = sessions.body.sessions.find((session: { current: boolean }) => session.current);
    // The address the trusted proxy (loopback) saw: 10.0.0.3 is not trusted, so what it claims is not.
    expect(current.ip).toBe('10.0.0.3');
  });
});
