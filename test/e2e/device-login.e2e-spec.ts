import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../helpers/app';
import { createApiKey } from '../helpers/api-keys';
import {
  createAdmin,
  createCustomer,
  decodeJwt,
  uniqueEmail,
  type Actor,
} from '../helpers/factories';
import { bearer, createAccessKey, createOrganization } from '../helpers/organizations';

const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

describe('Device login (RFC 8628)', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://console.example.com' } });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  async function start(client_name = 'gatehouse CLI on build-01') {
    const response = await t.http
      .post('/auth/device/code')
      .set('User-Agent', 'gatehouse-cli/0.1.0')
      .send({ client_name })
      .expect(200);
    return response.body as {
      device_code: string;
      user_code: string;
      verification_uri: string;
      verification_uri_complete: string;
      expires_in: number;
      interval: number;
    };
  }

  const poll = (device_code: string) => t.http.post('/auth/device/token').send({ device_code });

  async function pollError(device_code: string): Promise<string> {
    const response = await poll(device_code).expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: expect.any(String),
      error: expect.any(String),
      error_description: response.body.message,
    });
    return response.body.error;
  }

  const approve = (token: string, user_code: string) =>
    t.http.post('/auth/device/approve').set(bearer(token)).send({ user_code });

  it('hands out a long device code and a short, unambiguous user code for ten minutes', async () => {
    const grant = await start();
    expect(grant).toEqual({
      device_code: expect.stringMatching(/^dc_[0-9A-Za-z]{43}$/),
      user_code: expect.stringMatching(USER_CODE),
      verification_uri: 'http://localhost:9000/console/device',
      verification_uri_complete: `http://localhost:9000/console/device#user_code=${grant.user_code}`,
      expires_in: 600,
      interval: 5,
    });
  });

  it('keeps both codes only as hashes', async () => {
    const grant = await start();
    const rows: unknown[] = await t.app.get(DataSource).query(`SELECT * FROM device_authorization`);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(grant.device_code);
    expect(stored).not.toContain(grant.user_code);
    expect(stored).not.toContain(grant.user_code.replace('-', ''));
  });

  it('answers authorization_pending, then slow_down to a poll inside the interval, which grows by 5 s', async () => {
    const grant = await start();
    expect(await pollError(grant.device_code)).toBe('authorization_pending');
    const fast = await poll(grant.device_code).expect(400);
    expect(fast.body).toMatchObject({
      error: 'slow_down',
      message: expect.stringMatching(/10 seconds/),
    });
    t.advanceClock(6);
    expect(await pollError(grant.device_code)).toBe('slow_down');
    t.advanceClock(16);
    expect(await pollError(grant.device_code)).toBe('authorization_pending');
    t.advanceClock(-22);
  });

  it('after approval gives the CLI a session of its own, once, named after the client', async () => {
    const grant = await start('gatehouse CLI on laptop-7');
    const described = await t.http
      .post('/auth/device/lookup')
      .set(bearer(admin.token))
      .send({ user_code: grant.user_code.toLowerCase().replace('-', ' ') })
      .expect(200);
    expect(described.body).toEqual({
      client_name: 'gatehouse CLI on laptop-7',
      ip: expect.stringMatching(/127\.0\.0\.1/),
      user_agent: 'gatehouse-cli/0.1.0',
      requested_at: expect.any(String),
      expires_at: expect.any(String),
    });

    const approved = await approve(admin.token, grant.user_code).expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      client_name: 'gatehouse CLI on laptop-7',
    });

    const session = await poll(grant.device_code).expect(200);
    expect(Object.keys(session.body).sort()).toEqual(['refresh_token', 'token']);
    const claims = decodeJwt(session.body.token);
    expect(claims).toMatchObject({ actor_type: 'user', actor_id: admin.id });
    expect(claims.sid).not.toBe(decodeJwt(admin.token).sid);
    await t.http.get('/cloud/me').set(bearer(session.body.token)).expect(200);
    // In person: it may create a personal access key, which a key may not.
    await createAccessKey(t, session.body.token);

    const sessions = await t.http.get('/auth/sessions').set(bearer(admin.token)).expect(200);
    expect(sessions.body.sessions).toContainEqual(
      expect.objectContaining({
        id: claims.sid,
        name: 'gatehouse CLI on laptop-7',
        current: false,
      }),
    );

    // Single use: the same code again is refused, approved or not.
    expect(await pollError(grant.device_code)).toBe('invalid_grant');
    await approve(admin.token, grant.user_code).expect(404);

    const refreshed = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: session.body.refresh_token })
      .expect(200);
    await t.http.get('/cloud/me').set(bearer(refreshed.body.token)).expect(200);

    // Signed out from the sessions list, the CLI's tokens stop at once.
    await t.http
      .delete(`/auth/sessions/${String(claims.sid)}`)
      .set(bearer(admin.token))
      .expect(200);
    await t.http.get('/cloud/me').set(bearer(refreshed.body.token)).expect(401);
  });

  it('audits the approval with the requester address beside the approver', async () => {
    const grant = await start('gatehouse CLI on audit-box');
    await approve(admin.token, grant.user_code).expect(200);
    const events = await t.http
      .get('/admin/audit-events?action=auth.device_approve')
      .set(bearer(admin.token))
      .expect(200);
    const event = events.body.audit_events.find(
      (e: { metadata: { client_name?: string } }) =>
        e.metadata.client_name === 'gatehouse CLI on audit-box',
    );
    expect(event).toMatchObject({
      actor_type: 'user',
      actor_id: admin.id,
      ip: expect.stringMatching(/127\.0\.0\.1/),
      metadata: {
        requester_ip: expect.stringMatching(/127\.0\.0\.1/),
        requester_user_agent: 'gatehouse-cli/0.1.0',
      },
    });
  });

  it('answers access_denied after a denial, and records it', async () => {
    const grant = await start();
    const denied = await t.http
      .post('/auth/device/deny')
      .set(bearer(admin.token))
      .send({ user_code: grant.user_code })
      .expect(200);
    expect(denied.body.status).toBe('denied');
    expect(await pollError(grant.device_code)).toBe('access_denied');
    await approve(admin.token, grant.user_code).expect(404);
    const events = await t.http
      .get('/admin/audit-events?action=auth.device_deny')
      .set(bearer(admin.token))
      .expect(200);
    expect(events.body.audit_events.length).toBeGreaterThan(0);
  });

  it('answers expired_token after ten minutes, and the code can no longer be approved', async () => {
    const grant = await start();
    t.advanceClock(601);
    expect(await pollError(grant.device_code)).toBe('expired_token');
    const late = await approve(admin.token, grant.user_code).expect(404);
    expect(late.body).toEqual({ type: 'not_found', message: expect.stringMatching(/expired/) });
    t.advanceClock(-601);
  });

  it('refuses an unknown device code and a bad request in the documented shapes', async () => {
    expect(await pollError('dc_unknown')).toBe('invalid_grant');
    const bad = await t.http
      .post('/auth/device/code')
      .send({ client_name: 'x\u0007y' })
      .expect(400);
    expect(bad.body).toEqual({ type: 'invalid_data', message: expect.stringMatching(/control/) });
    await t.http.post('/auth/device/code').send({}).expect(400);
    await t.http.post('/auth/device/token').send({}).expect(400);
  });

  it('voids an approval whose session ended before the CLI collected it', async () => {
    const approver = await createAdmin(t);
    const grant = await start();
    await approve(approver.token, grant.user_code).expect(200);
    await t.http.post('/auth/logout').set(bearer(approver.token)).expect(200);
    expect(await pollError(grant.device_code)).toBe('access_denied');
  });

  it('voids an approval by a user deleted before the CLI collected it', async () => {
    const approver = await createAdmin(t);
    const grant = await start();
    await approve(approver.token, grant.user_code).expect(200);
    await t.http.delete(`/admin/users/${approver.id}`).set(bearer(admin.token)).expect(200);
    expect(await pollError(grant.device_code)).toBe('access_denied');
  });

  describe('who may approve: a user in person, nobody else', () => {
    let customer: Actor;
    let registration: string;
    let personalKey: string;
    let organizationKey: string;
    let secretKey: string;
    let cookie: string;

    beforeAll(async () => {
      customer = await createCustomer(t);
      const registered = await t.http
        .post('/auth/user/emailpass/register')
        .send({ email: uniqueEmail('registrant'), password: 'supersecret-123' })
        .expect(200);
      registration = registered.body.token;
      personalKey = (await createAccessKey(t, admin.token)).token;
      organizationKey = (
        await createAccessKey(t, admin.token, await createOrganization(t, admin.token))
      ).token;
      secretKey = (await createApiKey(t, admin.token, 'secret')).token;
      const session = await t.http.post('/auth/session').set(bearer(admin.token)).expect(200);
      cookie = ([] as string[]).concat(session.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '';
    });

    it.each([
      ['nobody', () => ({})],
      ['a customer', () => bearer(customer.token)],
      ['a registration token', () => bearer(registration)],
      ['a personal access key', () => bearer(personalKey)],
      ['an organization access key', () => bearer(organizationKey)],
      ['a secret API key', () => ({ 'x-medusa-access-token': secretKey })],
      ['a cookie from another site', () => ({ Cookie: cookie, Origin: 'https://evil.example' })],
    ])('refuses %s, and the code stays pending', async (_who, headers) => {
      const grant = await start();
      for (const route of ['approve', 'deny', 'lookup']) {
        const response = await t.http
          .post(`/auth/device/${route}`)
          .set(headers())
          .send({ user_code: grant.user_code });
        expect([401, 403]).toContain(response.status);
      }
      expect(await pollError(grant.device_code)).toBe('authorization_pending');
    });

    it('accepts the session cookie from the same origin', async () => {
      const grant = await start();
      await t.http
        .post('/auth/device/approve')
        .set({ Cookie: cookie, Origin: 'https://console.example.com' })
        .send({ user_code: grant.user_code })
        .expect(200);
      await poll(grant.device_code).expect(200);
    });
  });
});

describe('Device login polling has a rate budget of its own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('polls past the login budget without spending it, up to ten times that budget', async () => {
    const { body: grant } = await t.http
      .post('/auth/device/code')
      .send({ client_name: 'gatehouse CLI' })
      .expect(200);
    // Thirty polls (ten times RATE_LIMIT_PER_MINUTE): each answered by RFC 8628, never by the limiter.
    for (let i = 0; i < 30; i++) {
      const response = await t.http
        .post('/auth/device/token')
        .send({ device_code: grant.device_code })
        .expect(400);
      expect(['authorization_pending', 'slow_down']).toContain(response.body.error);
    }
    await t.http.post('/auth/device/token').send({ device_code: grant.device_code }).expect(429);
    // The login budget is untouched: two more of its three are left after the code above.
    const login = () =>
      t.http.post('/auth/user/emailpass').send({ email: 'x@example.com', password: 'whatever!' });
    await login().expect(401);
    await login().expect(401);
    await login().expect(429);
  });
});
