import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, decodeJwt, uniqueEmail } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

/** Issue 19, invariant 9: an email is one account, and passwords are not blank or (in production) common. */
describe('An email is one account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    [
      'in full-width letters',
      (local: string) =>
        `${[...local].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')}@example.com`,
    ],
    [
      'in capitals, with blanks around it',
      (local: string) => `  ${local.toUpperCase()}@EXAMPLE.COM `,
    ],
  ])(
    'a look-alike %s logs into the same account, and cannot register beside it',
    async (_case, spell) => {
      const local = `shopper${Date.now()}`;
      const customer = await createCustomer(t, `${local}@example.com`, 'password123');
      const login = await t.http
        .post('/auth/customer/emailpass')
        .send({ email: spell(local), password: 'password123' })
        .expect(200);
      expect(decodeJwt(login.body.token)).toMatchObject({ actor_id: customer.id });
      await t.http
        .post('/store/customers')
        .send({ email: spell(local), password: 'another-password' })
        .expect(401);
    },
  );

  it('a Unicode domain and its A-label are one account, stored as the A-label', async () => {
    const local = `ana${Date.now()}`;
    const created = await t.http
      .post('/store/customers')
      .send({ email: `${local}@exämple.com`, password: 'password123' })
      .expect(200);
    expect(created.body.customer.email).toBe(`${local}@xn--exmple-cua.com`);
    await t.http
      .post('/auth/customer/emailpass')
      .send({ email: `${local}@xn--exmple-cua.com`, password: 'password123' })
      .expect(200);
  });

  it.each([
    ['a soft hyphen', 'ad\u00ADmin@example.com', 'email must not contain invisible characters'],
    [
      'a zero-width space',
      'admin\u200B@example.com',
      'email must not contain invisible characters',
    ],
    ['a Hangul filler', 'admin\u3164@example.com', 'email must not contain invisible characters'],
    [
      'a Cyrillic а',
      '\u0430dmin@example.com',
      'email must have a local part (before the @) of printable ASCII characters',
    ],
  ])(
    'refuses an email with %s (400), on every route that takes one',
    async (_case, email, message) => {
      const admin = await createAdmin(t);
      for (const [path, body, headers] of [
        ['/store/customers', { email, password: 'password123' }, {}],
        ['/auth/customer/emailpass/register', { email, password: 'password123' }, {}],
        ['/auth/user/emailpass', { email, password: 'password123' }, {}],
        ['/admin/invites', { email }, bearer(admin.token)],
      ] as const) {
        const response = await t.http.post(path).set(headers).send(body);
        expect({ path, status: response.status, body: response.body }).toEqual({
          path,
          status: 400,
          body: { type: 'invalid_data', message },
        });
      }
    },
  );

  it.each(['        ', '\t\t\t\t\t\t\t\t', '\u3000'.repeat(8)])(
    'refuses a password of blanks only (%j)',
    async (password) => {
      const response = await t.http
        .post('/store/customers')
        .send({ email: uniqueEmail('blank'), password })
        .expect(400);
      expect(response.body.message).toBe('password must not be only blank characters');
    },
  );

  it("accepts the seeds' common passwords outside production (with a warning in the log)", async () => {
    await t.http
      .post('/store/customers')
      .send({ email: uniqueEmail('seed'), password: 'password123' })
      .expect(200);
  });
});

describe('In production, common passwords are refused wherever a password is set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => t.close());

  const TOO_COMMON = {
    type: 'invalid_data',
    message: 'password is too common: it appears on lists of leaked passwords; choose another',
  };

  it.each([
    ['POST /store/customers', '/store/customers'],
    ['POST /auth/customer/emailpass/register', '/auth/customer/emailpass/register'],
  ])('%s', async (_route, path) => {
    const email = uniqueEmail('common');
    for (const password of ['password123', 'Qwerty123', 'iloveyou']) {
      const response = await t.http.post(path).send({ email, password }).expect(400);
      expect(response.body).toEqual(TOO_COMMON);
    }
    await t.http.post(path).send({ email, password: 'violet-staple-orbit-42' }).expect(200);
  });

  it('POST /admin/users/me/password', async () => {
    const admin = await createAdmin(t, uniqueEmail('prod'), 'violet-staple-orbit-42');
    const response = await t.http
      .post('/admin/users/me/password')
      .set(bearer(admin.token))
      .send({ old_password: 'violet-staple-orbit-42', password: 'password1' })
      .expect(400);
    expect(response.body).toEqual(TOO_COMMON);
    await t.http.get('/admin/users/me').set(bearer(admin.token)).expect(200);
  });
});
