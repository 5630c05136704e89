import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, decodeJwt, login, uniqueEmail } from '../helpers/factories';

describe('Store customers (seed: Store Authentication)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('walks the seed: create with a password, log in, GET /store/customers/me', async () => {
    const created = await t.http
      .post('/store/customers')
      .send({
        email: 'customer@example.com',
        password: 'password123',
        first_name: 'John',
        last_name: 'Doe',
      })
      .expect(200);
    expect(created.body.customer).toMatchObject({
      email: 'customer@example.com',
      first_name: 'John',
      last_name: 'Doe',
      has_account: true,
    });
    expect(created.body.customer.id).toMatch(/^cus_[0-9A-Z]{26}$/);
    expect(JSON.stringify(created.body)).not.toContain('password');

    const token = await login(t, 'customer', 'customer@example.com', 'password123');
    expect(decodeJwt(token)).toMatchObject({
      actor_id: created.body.customer.id,
      actor_type: 'customer',
    });
    const me = await t.http
      .get('/store/customers/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body.customer).toEqual(created.body.customer);
  });

  it('409 duplicate_error for a second account with the same email, in any case', async () => {
    const customer = await createCustomer(t);
    const response = await t.http
      .post('/store/customers')
      .send({ email: customer.email.toUpperCase(), password: 'password123' })
      .expect(409);
    expect(response.body).toEqual({
      type: 'duplicate_error',
      message: 'Customer with this email already has an account',
    });
  });

  it('walks Medusa v2: register, create with the registration token, log in again', async () => {
    const email = uniqueEmail('twostep');
    const registered = await t.http
      .post('/auth/customer/emailpass/register')
      .send({ email, password: 'password123' })
      .expect(200);
    const registrationToken = registered.body.token as string;

    const created = await t.http
      .post('/store/customers')
      .set('Authorization', `Bearer ${registrationToken}`)
      .send({ email, first_name: 'Jane' })
      .expect(200);
    expect(created.body.customer).toMatchObject({ email, first_name: 'Jane', has_account: true });

    // The registration token still has no actor: /me needs a fresh login (Medusa #10638).
    await t.http
      .get('/store/customers/me')
      .set('Authorization', `Bearer ${registrationToken}`)
      .expect(401);
    const token = await login(t, 'customer', email, 'password123');
    const me = await t.http
      .get('/store/customers/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body.customer.id).toBe(created.body.customer.id);
  });

  it('a login made before the customer existed refreshes into a token for the customer, of the same session', async () => {
    const email = uniqueEmail('early');
    await t.http
      .post('/auth/customer/emailpass/register')
      .send({ email, password: 'password123' })
      .expect(200);
    const early = await t.http
      .post('/auth/customer/emailpass')
      .send({ email, password: 'password123' })
      .expect(200);
    const created = await t.http
      .post('/store/customers')
      .set('Authorization', `Bearer ${early.body.token}`)
      .send({ email })
      .expect(200);
    const refreshed = await t.http
      .post('/auth/token/refresh')
      .send({ refresh_token: early.body.refresh_token })
      .expect(200);
    expect(decodeJwt(refreshed.body.token)).toMatchObject({
      actor_id: created.body.customer.id,
      sid: decodeJwt(early.body.token).sid,
    });
    const me = await t.http
      .get('/store/customers/me')
      .set('Authorization', `Bearer ${refreshed.body.token}`)
      .expect(200);
    expect(me.body.customer.id).toBe(created.body.customer.id);
  });

  it("400 when the body's email is not the registration token's", async () => {
    const registered = await t.http
      .post('/auth/customer/emailpass/register')
      .send({ email: uniqueEmail('mine'), password: 'password123' })
      .expect(200);
    const response = await t.http
      .post('/store/customers')
      .set('Authorization', `Bearer ${registered.body.token}`)
      .send({ email: uniqueEmail('someone-else') })
      .expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: "email must match the registration token's email",
    });
  });

  it('400 when a logged-in customer tries to create another customer', async () => {
    const customer = await createCustomer(t);
    const response = await t.http
      .post('/store/customers')
      .set('Authorization', `Bearer ${customer.token}`)
      .send({ email: customer.email })
      .expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: 'Request already authenticated as a customer.',
    });
  });

  it('401 for an invalid bearer token, rather than treating it as anonymous', async () => {
    await t.http
      .post('/store/customers')
      .set('Authorization', 'Bearer not-a-token')
      .send({ email: uniqueEmail(), password: 'password123' })
      .expect(401);
    // A credential of another kind is not silently ignored either.
    await t.http
      .post('/store/customers')
      .set('Authorization', 'Basic c2tfYWJjOg==')
      .send({ email: uniqueEmail(), password: 'password123' })
      .expect(401);
  });

  it('400 without a token and without a password', async () => {
    const response = await t.http
      .post('/store/customers')
      .send({ email: uniqueEmail() })
      .expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: 'password is required when no registration token is sent',
    });
  });

  it('400 for an invalid email and for a missing email', async () => {
    const invalid = await t.http
      .post('/store/customers')
      .send({ email: 'nope', password: 'password123' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      type: 'invalid_data',
      message: 'email must be a valid email address',
    });
    const missing = await t.http
      .post('/store/customers')
      .send({ password: 'password123' })
      .expect(400);
    expect(missing.body).toEqual({ type: 'invalid_data', message: 'email must be a string' });
  });

  it('lets an admin become a customer with the same email and password, keeping both actors', async () => {
    const admin = await createAdmin(t);
    await t.http
      .post('/store/customers')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const customerToken = await login(t, 'customer', admin.email, admin.password);
    const userToken = await login(t, 'user', admin.email, admin.password);
    expect(decodeJwt(customerToken).app_metadata).toEqual(decodeJwt(userToken).app_metadata);
    await t.http
      .get('/store/customers/me')
      .set('Authorization', `Bearer ${customerToken}`)
      .expect(200);
    await t.http.get('/admin/users/me').set('Authorization', `Bearer ${userToken}`).expect(200);
  });

  it("401, as a failed login, when the email already logs in with another password (someone else's login)", async () => {
    const admin = await createAdmin(t);
    const response = await t.http
      .post('/store/customers')
      .send({ email: admin.email, password: 'a-different-password' })
      .expect(401);
    expect(response.body).toEqual({ type: 'invalid_data', message: 'Invalid email or password' });
  });

  it('one of two concurrent sign-ups for the same email wins; the other gets 409', async () => {
    const email = uniqueEmail('race');
    const statuses = await Promise.all(
      [1, 2, 3].map(() => t.http.post('/store/customers').send({ email, password: 'password123' })),
    ).then((responses) => responses.map((response) => response.status).sort());
    expect(statuses).toEqual([200, 409, 409]);
  });

  it('updates names through POST /store/customers/me, and refuses the email', async () => {
    const customer = await createCustomer(t);
    const updated = await t.http
      .post('/store/customers/me')
      .set('Authorization', `Bearer ${customer.token}`)
      .send({ first_name: 'Ada', last_name: 'Lovelace' })
      .expect(200);
    expect(updated.body.customer).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: customer.email,
    });
    await t.http
      .post('/store/customers/me')
      .set('Authorization', `Bearer ${customer.token}`)
      .send({ email: 'new@example.com' })
      .expect(400);
  });

  it('a partial update answers every field as a fresh read shows it', async () => {
    const customer = await createCustomer(t);
    const me = () =>
      t.http
        .get('/store/customers/me')
        .set('Authorization', `Bearer ${customer.token}`)
        .expect(200);
    const update = (body: object) =>
      t.http
        .post('/store/customers/me')
        .set('Authorization', `Bearer ${customer.token}`)
        .send(body)
        .expect(200);
    await update({ first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000' });
    const updated = await update({ first_name: 'Augusta' });
    const read = await me();
    expect(updated.body).toEqual(read.body);
    expect(read.body.customer).toMatchObject({
      first_name: 'Augusta',
      last_name: 'Lovelace',
      phone: '+44 20 7946 0000',
    });
  });

  it('admins list customers with customers:read (q filters); a role without it gets 403', async () => {
    const customer = await createCustomer(t, uniqueEmail('listed'));
    const admin = await createAdmin(t);
    const list = await t.http
      .get('/admin/customers?q=listed')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(list.body).toMatchObject({ count: 1, offset: 0, limit: 20 });
    expect(list.body.customers[0]).toMatchObject({ id: customer.id, email: customer.email });
    const nobody = await createAdmin(t, undefined, undefined, []);
    await t.http.get('/admin/customers').set('Authorization', `Bearer ${nobody.token}`).expect(403);
    await t.http
      .get('/admin/customers')
      .set('Authorization', `Bearer ${customer.token}`)
      .expect(401);
  });
});
