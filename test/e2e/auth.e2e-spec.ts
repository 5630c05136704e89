import jwt from 'jsonwebtoken';
import { PasswordHasher } from '../../src/modules/auth/password-hasher';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, decodeJwt, login, uniqueEmail } from '../helpers/factories';

type Claims = Record<'actor_id' | 'auth_identity_id' | 'sid', string>;

const UNAUTHORIZED = { type: 'unauthorized', message: 'Authentication required' };
const BAD_LOGIN = { type: 'invalid_data', message: 'Invalid email or password' };

describe('Auth: email and password, JWTs (seed: Admin Authentication)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('admin login', () => {
    it('answers {token, refresh_token}: a JWT with the DESIGN §3 claims and its session', async () => {
      const admin = await createAdmin(t, 'admin@medusa-test.com', 'supersecret');
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: 'admin@medusa-test.com', password: 'supersecret' })
        .expect(200);
      expect(Object.keys(response.body).sort()).toEqual(['refresh_token', 'token']);
      expect(response.body.refresh_token).toMatch(/^rt_[0-9A-Za-z]{43}$/);
      const claims = decodeJwt(response.body.token);
      expect(claims.sid).toMatch(/^sess_[0-9A-Z]{26}$/);
      expect(claims).toMatchObject({
        actor_id: admin.id,
        actor_type: 'user',
        app_metadata: { user_id: admin.id },
      });
      expect(claims.auth_identity_id).toMatch(/^authid_[0-9A-Z]{26}$/);
      expect((claims.exp as number) - (claims.iat as number)).toBe(86400);
    });

    it('lets the token call GET /admin/users/me', async () => {
      const admin = await createAdmin(t);
      const response = await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${admin.token}`)
        .expect(200);
      expect(response.body.user).toMatchObject({ id: admin.id, email: admin.email });
    });

    it('treats the email case- and space-insensitively', async () => {
      const admin = await createAdmin(t, uniqueEmail('casey'));
      await login(t, 'user', `  ${admin.email.toUpperCase()} `, admin.password);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const admin = await createAdmin(t);
      const wrong = await t.http
        .post('/auth/user/emailpass')
        .send({ email: admin.email, password: 'not-the-password' })
        .expect(401);
      const unknown = await t.http
        .post('/auth/user/emailpass')
        .send({ email: uniqueEmail('nobody'), password: 'not-the-password' })
        .expect(401);
      expect(wrong.body).toEqual(BAD_LOGIN);
      expect(unknown.body).toEqual(BAD_LOGIN);
    });

    it('spends a password verification on an unknown email too (same time as a wrong password)', async () => {
      const hasher = t.app.get(PasswordHasher);
      const verify = jest.spyOn(hasher, 'verify');
      await t.http
        .post('/auth/user/emailpass')
        .send({ email: uniqueEmail('ghost'), password: 'whatever1' })
        .expect(401);
      expect(verify).toHaveBeenCalledTimes(1);
      verify.mockRestore();
    });

    it('refuses a customer login on the user actor (no user linked → registration token only)', async () => {
      const customer = await createCustomer(t);
      const token = await login(t, 'user', customer.email, customer.password);
      expect(decodeJwt(token)).toMatchObject({ actor_type: 'user', actor_id: '' });
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('bearer token errors on an admin route', () => {
    it('401 without a token', async () => {
      const response = await t.http.get('/admin/users/me').expect(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });

    it('401 for a malformed token and a malformed header', async () => {
      for (const header of ['Bearer not.a.jwt', 'Bearer', 'Token abc', 'Bearer a b']) {
        const response = await t.http
          .get('/admin/users/me')
          .set('Authorization', header)
          .expect(401);
        expect(response.body).toEqual(UNAUTHORIZED);
      }
    });

    it('401 for an expired token', async () => {
      const admin = await createAdmin(t);
      const claims = decodeJwt(admin.token);
      const expired = jwt.sign(
        {
          ...claims,
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 60,
        },
        TEST_JWT_SECRET,
      );
      const response = await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${expired}`)
        .expect(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });

    it('401 when the clock passes exp, even for a token already verified (cache rechecks expiry)', async () => {
      const admin = await createAdmin(t);
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`).expect(200);
      t.advanceClock(86400 + 1);
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`).expect(401);
      t.advanceClock(-(86400 + 1));
    });

    it('401 for a verified token whose payload was changed under its signature', async () => {
      const admin = await createAdmin(t);
      // Verified once, so its signature is in the cache.
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`).expect(200);
      const [header, , signature] = admin.token.split('.');
      const payload = Buffer.from(
        JSON.stringify({ ...decodeJwt(admin.token), actor_id: 'user_01TAMPEREDTAMPEREDTAMPERE' }),
      ).toString('base64url');
      await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${header}.${payload}.${signature}`)
        .expect(401);
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`).expect(200);
    });

    it('401 for a token signed with another secret', async () => {
      const admin = await createAdmin(t);
      const { iat: _iat, exp: _exp, ...claims } = decodeJwt(admin.token);
      const forged = jwt.sign(claims, 'another-secret-another-secret-another-secret', {
        expiresIn: 3600,
      });
      await t.http.get('/admin/users/me').set('Authorization', `Bearer ${forged}`).expect(401);
    });

    describe('a validly signed token proves only the session it names (issue 19)', () => {
      // Someone holding the signing secret (or a bug that signs the wrong claims) still needs the very
      // session of the person named: each claim below is swapped for another person's.
      it.each([
        ['its own claims', () => ({})],
        ['another user as actor_id', (other: Claims) => ({ actor_id: other.actor_id })],
        ['another identity', (other: Claims) => ({ auth_identity_id: other.auth_identity_id })],
        ['the customer actor type', () => ({ actor_type: 'customer' })],
        ["another user's session", (other: Claims) => ({ sid: other.sid })],
      ])('with %s', async (change, swap) => {
        const admin = await createAdmin(t);
        const other = await createAdmin(t);
        const { iat: _iat, exp: _exp, ...claims } = decodeJwt(admin.token);
        const signed = jwt.sign(
          { ...claims, ...swap(decodeJwt(other.token) as Claims) },
          TEST_JWT_SECRET,
          { expiresIn: 3600 },
        );
        await t.http
          .get('/admin/users/me')
          .set('Authorization', `Bearer ${signed}`)
          .expect(change === 'its own claims' ? 200 : 401);
      });
    });

    it('401 for an unsigned (alg none) token', async () => {
      const admin = await createAdmin(t);
      const [, payload] = admin.token.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${header}.${payload}.`)
        .expect(401);
    });

    it('401 for a customer token on an admin route', async () => {
      const customer = await createCustomer(t);
      const response = await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${customer.token}`)
        .expect(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });

    it('401 for an admin token on a customer route', async () => {
      const admin = await createAdmin(t);
      await t.http
        .get('/store/customers/me')
        .set('Authorization', `Bearer ${admin.token}`)
        .expect(401);
    });
  });

  describe('register', () => {
    it('returns a registration token with no actor yet', async () => {
      const response = await t.http
        .post('/auth/user/emailpass/register')
        .send({ email: uniqueEmail('newbie'), password: 'password123' })
        .expect(200);
      expect(Object.keys(response.body)).toEqual(['token']);
      expect(decodeJwt(response.body.token)).toMatchObject({
        actor_id: '',
        actor_type: 'user',
        app_metadata: {},
      });
      await t.http
        .get('/admin/users/me')
        .set('Authorization', `Bearer ${response.body.token}`)
        .expect(401);
    });

    it('for an email that already has an account, answers as a login: 200 with the right password, 401 with a wrong one', async () => {
      const customer = await createCustomer(t);
      const wrong = await t.http
        .post('/auth/customer/emailpass/register')
        .send({ email: customer.email.toUpperCase(), password: 'not-the-password' })
        .expect(401);
      expect(wrong.body).toEqual(BAD_LOGIN);
      const right = await t.http
        .post('/auth/customer/emailpass/register')
        .send({ email: customer.email.toUpperCase(), password: customer.password })
        .expect(200);
      expect(decodeJwt(right.body.token)).toMatchObject({ actor_id: customer.id });
    });

    it('400 for a password shorter than 8 characters', async () => {
      const response = await t.http
        .post('/auth/customer/emailpass/register')
        .send({ email: uniqueEmail(), password: 'short' })
        .expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'password must be longer than or equal to 8 characters',
      });
    });
  });

  describe('request validation', () => {
    it('400 naming the email for an invalid email format', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: 'not-an-email', password: 'supersecret' })
        .expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'email must be a valid email address',
      });
    });

    it('400 naming the password when it is missing', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: uniqueEmail() })
        .expect(400);
      expect(response.body).toEqual({ type: 'invalid_data', message: 'password must be a string' });
    });

    it('400 for a password that is not a string', async () => {
      const response = await t.http
        .post('/auth/customer/emailpass/register')
        .send({ email: uniqueEmail(), password: 12345678 })
        .expect(400);
      expect(response.body).toEqual({ type: 'invalid_data', message: 'password must be a string' });
    });

    it('400 for unknown extra fields', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: uniqueEmail(), password: 'supersecret', is_admin: true })
        .expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'property is_admin should not exist',
      });
    });

    it('400 for an unknown actor type', async () => {
      const response = await t.http
        .post('/auth/vendor/emailpass')
        .send({ email: uniqueEmail(), password: 'supersecret' })
        .expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'actor must be one of the following values: user, customer',
      });
    });

    it('400 for malformed JSON', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@b.c",')
        .expect(400);
      expect(response.body.type).toBe('invalid_data');
      expect(response.body.message).toMatch(/JSON/);
      expect(Object.keys(response.body).sort()).toEqual(['message', 'type']);
    });

    it('413 for an oversized body, in the error shape', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: uniqueEmail(), password: 'x'.repeat(200 * 1024) })
        .expect(413);
      expect(response.body).toEqual({ type: 'invalid_data', message: 'Request body is too large' });
    });

    it('404 not_found for an unknown route', async () => {
      const response = await t.http.get('/admin/nothing-here').expect(404);
      expect(response.body).toEqual({ type: 'not_found', message: 'Not found' });
    });
  });
});

describe('Two applications in one process', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('each logs in against its own database (passport serves each its own strategies)', async () => {
    const admin = await createAdmin(first);
    const other = await createAdmin(second);
    const token = await login(first, 'user', admin.email, admin.password);
    await first.http.get('/admin/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    await second.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: admin.password })
      .expect(401);
    await first.http
      .post('/auth/user/emailpass')
      .send({ email: other.email, password: other.password })
      .expect(401);
  });
});
