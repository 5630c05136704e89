import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, decodeJwt, type Actor } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

const UNAUTHORIZED = { type: 'unauthorized', message: 'Authentication required' };

describe('Sessions: refresh, logout, cookie sessions', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://admin.example.com' } });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  async function login(): Promise<{ token: string; refresh_token: string }> {
    const response = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    return response.body;
  }

  it('signs out every other session of mine, and only mine', async () => {
    // A person of its own: the other tests keep using the admin's sessions.
    const person = await createAdmin(t);
    const signIn = async () =>
      (
        await t.http
          .post('/auth/user/emailpass')
          .send({ email: person.email, password: person.password })
          .expect(200)
      ).body as { token: string; refresh_token: string };
    const [here, laptop, phone] = [await signIn(), await signIn(), await signIn()];
    const response = await t.http.delete('/auth/sessions').set(bearer(here.token)).expect(200);
    expect([...response.body.revoked].sort()).toEqual(
      expect.arrayContaining([decodeJwt(laptop.token).sid, decodeJwt(phone.token).sid]),
    );
    expect(response.body.revoked).not.toContain(decodeJwt(here.token).sid);
    await t.http.get('/admin/users/me').set(bearer(here.token)).expect(200);
    await t.http.get('/admin/users/me').set(bearer(laptop.token)).expect(401);
    await t.http.get('/admin/users/me').set(bearer(phone.token)).expect(401);
    await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: phone.refresh_token })
      .expect(401);
    await t.http.get('/admin/users/me').set(bearer(admin.token)).expect(200);
    const left = await t.http.get('/auth/sessions').set(bearer(here.token)).expect(200);
    expect(left.body.sessions.map((s: { id: string }) => s.id)).toEqual([
      decodeJwt(here.token).sid,
    ]);
  });

  it('logout revokes the session: the same JWT then gets 401, before its exp', async () => {
    const { token } = await login();
    await t.http.get('/admin/users/me').set(bearer(token)).expect(200);
    expect(
      await t.http
        .post('/auth/logout')
        .set(bearer(token))
        .expect(200)
        .then((r) => r.body),
    ).toEqual({ success: true });
    const after = await t.http.get('/admin/users/me').set(bearer(token)).expect(401);
    expect(after.body).toEqual(UNAUTHORIZED);
    await t.http.post('/auth/logout').set(bearer(token)).expect(401);
  });

  it('refresh rotates: a new JWT for the same session and a new refresh token; the old one is spent', async () => {
    const first = await login();
    t.advanceClock(5);
    const second = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: first.refresh_token })
      .expect(200);
    expect(Object.keys(second.body).sort()).toEqual(['refresh_token', 'token']);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const before = decodeJwt(first.token);
    const after = decodeJwt(second.body.token);
    expect(after).toMatchObject({ sid: before.sid, actor_id: admin.id, actor_type: 'user' });
    await t.http.get('/admin/users/me').set(bearer(second.body.token)).expect(200);

    const third = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: second.body.refresh_token })
      .expect(200);
    await t.http.get('/admin/users/me').set(bearer(third.body.token)).expect(200);
    t.advanceClock(-5);
  });

  it('reusing a spent refresh token (after the grace window) revokes the whole family', async () => {
    const first = await login();
    const second = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: first.refresh_token })
      .expect(200);
    t.advanceClock(11);
    const stolen = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: first.refresh_token })
      .expect(401);
    expect(stolen.body).toEqual({ type: 'unauthorized', message: 'Invalid refresh token' });
    // The legitimate holder's tokens die with the family.
    await t.http.get('/admin/users/me').set(bearer(second.body.token)).expect(401);
    await t.http.get('/admin/users/me').set(bearer(first.token)).expect(401);
    await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: second.body.refresh_token })
      .expect(401);
    t.advanceClock(-11);
  });

  it('two tabs refreshing at once with the same token both get the same current pair (grace window)', async () => {
    const first = await login();
    const [a, b] = await Promise.all([
      t.http.post('/auth/token/refresh').send({ refresh_token: first.refresh_token }),
      t.http.post('/auth/token/refresh').send({ refresh_token: first.refresh_token }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refresh_token).toBe(b.body.refresh_token);
    await t.http.get('/admin/users/me').set(bearer(a.body.token)).expect(200);
    // The family is intact: the shared successor still rotates.
    await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: a.body.refresh_token })
      .expect(200);
  });

  it('an unknown refresh token gets 401, and so does a refresh with neither a refresh token nor a session', async () => {
    await t.http.post('/auth/token/refresh').send({ refresh_token: 'rt_nope' }).expect(401);
    await t.http.post('/auth/token/refresh').send({}).expect(401);
    await t.http.post('/auth/token/refresh').send({ refresh_token: 42 }).expect(400);
  });

  describe('without a refresh token (Medusa’s form: the session behind the JWT)', () => {
    it('answers {token} for the same session; both tokens work until the session ends', async () => {
      const session = await login();
      const refreshed = await t.http
        .post('/auth/token/refresh')
        .set(bearer(session.token))
        .set('Content-Type', 'application/json')
        .expect(200);
      expect(Object.keys(refreshed.body)).toEqual(['token']);
      expect(decodeJwt(refreshed.body.token).sid).toBe(decodeJwt(session.token).sid);
      await t.http.get('/admin/users/me').set(bearer(refreshed.body.token)).expect(200);
      await t.http.post('/auth/logout').set(bearer(session.token)).expect(200);
      await t.http.get('/admin/users/me').set(bearer(refreshed.body.token)).expect(401);
      await t.http.post('/auth/token/refresh').set(bearer(refreshed.body.token)).expect(401);
    });

    it('refuses an expired JWT: a session is renewed only while its token lives', async () => {
      const session = await login();
      t.advanceClock(2 * 86400);
      try {
        await t.http.post('/auth/token/refresh').set(bearer(session.token)).expect(401);
      } finally {
        t.advanceClock(-2 * 86400);
      }
    });
  });

  it('lists my sessions and revokes one of them; another user cannot', async () => {
    const phone = await login();
    const laptop = await login();
    const list = await t.http.get('/auth/sessions').set(bearer(laptop.token)).expect(200);
    const phoneSid = decodeJwt(phone.token).sid as string;
    const laptopSid = decodeJwt(laptop.token).sid as string;
    const byId = new Map(
      list.body.sessions.map((s: { id: string; current: boolean }) => [s.id, s.current]),
    );
    expect(byId.get(laptopSid)).toBe(true);
    expect(byId.get(phoneSid)).toBe(false);

    const other = await createAdmin(t);
    await t.http.delete(`/auth/sessions/${phoneSid}`).set(bearer(other.token)).expect(404);
    await t.http.get('/admin/users/me').set(bearer(phone.token)).expect(200);
    await t.http.delete(`/auth/sessions/${phoneSid}`).set(bearer(laptop.token)).expect(200);
    await t.http.get('/admin/users/me').set(bearer(phone.token)).expect(401);
    await t.http.get('/admin/users/me').set(bearer(laptop.token)).expect(200);
  });

  describe('cookie sessions', () => {
    async function cookieLogin(): Promise<{ cookie: string; token: string }> {
      const { token } = await login();
      const response = await t.http.post('/auth/session').set(bearer(token)).expect(200);
      const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      const cookie = setCookie.find((c) => c.startsWith('gatehouse_session='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
      expect(response.body).toMatchObject({
        actor_type: 'user',
        actor_id: admin.id,
        session_id: decodeJwt(token).sid,
      });
      return { cookie: (cookie ?? '').split(';')[0] ?? '', token };
    }

    it('refreshes a cookie session from an allowed origin, setting the cookie again; refuses another origin', async () => {
      const { cookie, token } = await cookieLogin();
      const refreshed = await t.http
        .post('/auth/token/refresh')
        .set('Cookie', cookie)
        .set('Origin', 'https://admin.example.com')
        .expect(200);
      expect(decodeJwt(refreshed.body.token).sid).toBe(decodeJwt(token).sid);
      const setCookie = ([] as string[]).concat(refreshed.headers['set-cookie'] ?? []);
      expect(
        setCookie.some((c) => c.startsWith(`gatehouse_session=${refreshed.body.token};`)),
      ).toBe(true);
      const refused = await t.http
        .post('/auth/token/refresh')
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example.net')
        .expect(403);
      expect(refused.headers['set-cookie']).toBeUndefined();
    });

    it('logs in with a cookie, uses it, and logs out (the cookie then gets 401)', async () => {
      const { cookie } = await cookieLogin();
      await t.http.get('/admin/users/me').set('Cookie', cookie).expect(200);
      const out = await t.http
        .delete('/auth/session')
        .set('Cookie', cookie)
        .set('Origin', 'https://admin.example.com')
        .expect(200);
      expect(out.body).toEqual({ success: true });
      expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).join()).toMatch(
        /gatehouse_session=;/,
      );
      await t.http.get('/admin/users/me').set('Cookie', cookie).expect(401);
    });

    it('refuses a state-changing request by cookie from another origin (CSRF), accepts allowed origins', async () => {
      const { cookie } = await cookieLogin();
      const attack = await t.http
        .post('/admin/products')
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example.net')
        .send({ title: 'forged' })
        .expect(403);
      expect(attack.body).toEqual({
        type: 'not_allowed',
        message: 'Cross-site request refused: the Origin is not allowed to use this session',
      });
      await t.http
        .post('/admin/products')
        .set('Cookie', cookie)
        .send({ title: 'no origin at all' })
        .expect(403);
      await t.http
        .post('/admin/products')
        .set('Cookie', cookie)
        .set('Origin', 'https://admin.example.com')
        .send({ title: 'from the admin UI' })
        .expect(200);
      // Reads need no origin: SameSite=Lax already keeps the cookie off cross-site subrequests.
      await t.http.get('/admin/products').set('Cookie', cookie).expect(200);
      // A Bearer token is not a cookie: no CSRF check applies to it.
      const { token } = await login();
      await t.http
        .post('/admin/products')
        .set(bearer(token))
        .set('Origin', 'https://evil.example.net')
        .send({ title: 'api client' })
        .expect(200);
    });

    it('lets only the listed origins read responses with the cookie (CORS with credentials)', async () => {
      const listed = await t.http.get('/health').set('Origin', 'https://admin.example.com');
      expect(listed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      expect(listed.headers['access-control-allow-credentials']).toBe('true');
      const other = await t.http.get('/health').set('Origin', 'https://evil.example.net');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    // An admin UI on another origin renames and deletes: the browser asks first, for each method.
    it.each(['GET', 'POST', 'PATCH', 'DELETE'])(
      'answers the preflight of a %s from a listed origin, and refuses it from another',
      async (method) => {
        const preflight = (origin: string) =>
          t.http
            .options('/cloud/me/access-keys/ak_1')
            .set('Origin', origin)
            .set('Access-Control-Request-Method', method)
            .set('Access-Control-Request-Headers', 'authorization,content-type');
        const listed = await preflight('https://admin.example.com');
        expect(listed.status).toBe(204);
        expect(listed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
        expect(listed.headers['access-control-allow-methods']?.split(/, */)).toContain(method);
        expect(listed.headers['access-control-allow-headers']).toBe('authorization,content-type');
        const other = await preflight('https://evil.example.net');
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      },
    );
  });
});

describe('A JWT never outlives its session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_TTL: '1h', JWT_EXPIRES_IN: '1d' } });
  });
  afterAll(() => t.close());

  it('at login, and when refreshed near the session’s end by either form', async () => {
    const admin = await createAdmin(t);
    const login = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const claims = decodeJwt(login.body.token) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
    t.advanceClock(3000);
    try {
      for (const refreshed of [
        await t.http.post('/auth/token/refresh').set(bearer(login.body.token)).expect(200),
        await t.http
          .post('/auth/token/refresh')
          .send({ refresh_token: login.body.refresh_token })
          .expect(200),
      ])
        expect((decodeJwt(refreshed.body.token) as { exp: number }).exp).toBeLessThanOrEqual(
          claims.iat + 3600,
        );
    } finally {
      t.advanceClock(-3000);
    }
  });
});

describe('Cookie sessions in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), LOG_LEVEL: 'silent' },
    });
  });
  afterAll(() => t.close());

  it('without CORS_ORIGINS, lets any origin call with tokens and keys, none with the cookie', async () => {
    // A page on a sibling subdomain is same-site: the Lax cookie would go along and its answer be read.
    const response = await t.http.get('/health').set('Origin', 'https://pages.example.com');
    expect(response.headers['access-control-allow-origin']).toBe('https://pages.example.com');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('marks the cookie Secure', async () => {
    const admin = await createAdmin(t);
    const response = await t.http.post('/auth/session').set(bearer(admin.token)).expect(200);
    expect(([] as string[]).concat(response.headers['set-cookie'] ?? []).join()).toMatch(
      /; Secure/,
    );
  });
});
