import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, decodeJwt, uniqueEmail } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

const BAD_LOGIN = { type: 'invalid_data', message: 'Invalid email or password' };

/**
 * Issue 19, invariant 4: every password check is one check. A login, a registration or a customer sign-up
 * with an email that already logs in, and the current password of a password change all count against
 * the same per-email lockout and leave the same audit trail.
 */
describe('Every password check is one check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  type Guess = (email: string, password: string) => Promise<{ status: number; body: unknown }>;
  const ROUTES: Record<string, Guess> = {
    'POST /auth/user/emailpass': (email, password) =>
      t.http.post('/auth/user/emailpass').send({ email, password }),
    'POST /auth/customer/emailpass/register': (email, password) =>
      t.http.post('/auth/customer/emailpass/register').send({ email, password }),
    'POST /store/customers': (email, password) =>
      t.http.post('/store/customers').send({ email, password }),
  };

  describe.each(Object.keys(ROUTES))('%s, for an email that already logs in', (route) => {
    it('answers a wrong password with the login failure (401), counted and audited', async () => {
      const admin = await createAdmin(t);
      const response = await ROUTES[route]!(admin.email, 'not-the-password');
      expect({ status: response.status, body: response.body }).toEqual({
        status: 401,
        body: BAD_LOGIN,
      });
      const events = await t.http
        .get('/admin/audit-events')
        .query({
          target_id: (decodeJwt(admin.token) as { auth_identity_id: string }).auth_identity_id,
        })
        .set(bearer(admin.token))
        .expect(200);
      expect(
        events.body.audit_events.filter(
          (event: { outcome: string }) => event.outcome === 'failure',
        ),
      ).toHaveLength(1);
    });

    it('locks the email after 10 wrong passwords: the right one then gets 429 on every route', async () => {
      const admin = await createAdmin(t);
      for (let i = 0; i < 10; i++)
        expect((await ROUTES[route]!(admin.email, `wrong-password-${i}`)).status).toBe(401);
      for (const guess of Object.values(ROUTES))
        expect((await guess(admin.email, admin.password)).status).toBe(429);
    });
  });

  it('wrong passwords on different routes add up to one lockout', async () => {
    const admin = await createAdmin(t);
    const guesses = Object.values(ROUTES);
    for (let i = 0; i < 10; i++)
      expect((await guesses[i % guesses.length]!(admin.email, `wrong-password-${i}`)).status).toBe(
        401,
      );
    expect((await ROUTES['POST /auth/user/emailpass']!(admin.email, admin.password)).status).toBe(
      429,
    );
  });

  it('a burst of concurrent guesses gets no more verifications than a sequence', async () => {
    const admin = await createAdmin(t);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ROUTES['POST /auth/user/emailpass']!(admin.email, `burst-guess-${i}`).then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it('the owner logging in from many places at once is never locked out', async () => {
    const admin = await createAdmin(t);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        ROUTES['POST /auth/user/emailpass']!(admin.email, admin.password).then((r) => r.status),
      ),
    );
    // At most ten checks of one email run at once; the others are asked to retry in a second.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    const after = await ROUTES['POST /auth/user/emailpass']!(admin.email, admin.password);
    expect(after.status).toBe(200);
  });

  it('a right password answers as the account: register resumes it, a sign-up adds the customer once', async () => {
    const customer = await createCustomer(t);
    const registered = await ROUTES['POST /auth/customer/emailpass/register']!(
      customer.email,
      customer.password,
    );
    expect(registered.status).toBe(200);
    expect(decodeJwt((registered.body as { token: string }).token)).toMatchObject({
      actor_id: customer.id,
    });
    const again = await ROUTES['POST /store/customers']!(customer.email, customer.password);
    expect({ status: again.status, body: again.body }).toEqual({
      status: 409,
      body: { type: 'duplicate_error', message: 'Customer with this email already has an account' },
    });

    const admin = await createAdmin(t, uniqueEmail('shopper'), 'admin-password');
    const shopper = await ROUTES['POST /store/customers']!(admin.email, 'admin-password');
    expect(shopper.status).toBe(200);
  });
});
