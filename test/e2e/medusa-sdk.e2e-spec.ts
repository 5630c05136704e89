import Medusa from '@medusajs/js-sdk';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, decodeJwt, uniqueEmail, type Actor } from '../helpers/factories';

/**
 * Medusa's own JS SDK, as a storefront or admin app uses it, against a listening Gatehouse: what its users
 * call must work unchanged.
 */
describe("Medusa's JS SDK", () => {
  let t: TestApp;
  let baseUrl: string;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const sdk = () => new Medusa({ baseUrl, auth: { type: 'jwt', jwtTokenStorageMethod: 'memory' } });

  it('admin: login, user.me, API keys (create, list, revoke, delete), refresh, logout', async () => {
    const medusa = sdk();
    const token = await medusa.auth.login('user', 'emailpass', {
      email: admin.email,
      password: admin.password,
    });
    expect(typeof token).toBe('string');
    const { user } = await medusa.admin.user.me();
    expect(user).toMatchObject({ id: admin.id, email: admin.email });

    const { api_key } = await medusa.admin.apiKey.create({ title: 'From the SDK', type: 'secret' });
    expect(api_key).toMatchObject({ title: 'From the SDK', type: 'secret' });
    expect(api_key.token).toMatch(/^sk_/);
    const listed = await medusa.admin.apiKey.list();
    expect(listed.api_keys.map((key: { id: string }) => key.id)).toContain(api_key.id);
    // The SDK sends Content-Type: application/json with no body here.
    const revoked = await medusa.admin.apiKey.revoke(api_key.id);
    expect(revoked.api_key.revoked_at).not.toBeNull();
    const deleted = await medusa.admin.apiKey.delete(api_key.id);
    expect(deleted).toEqual({ id: api_key.id, object: 'api_key', deleted: true });

    // Only Authorization: Bearer, and an empty JSON body.
    const refreshed = await medusa.auth.refresh();
    expect(decodeJwt(refreshed.token).sid).toBe(decodeJwt(token as string).sid);
    expect((await medusa.admin.user.me()).user.id).toBe(admin.id);

    await medusa.auth.logout();
    await expect(medusa.admin.user.me()).rejects.toMatchObject({ status: 401 });
  });

  it('customer: register, create, login, me', async () => {
    const medusa = sdk();
    const email = uniqueEmail('sdk-customer');
    await medusa.auth.register('customer', 'emailpass', { email, password: 'password123' });
    const { customer } = await medusa.store.customer.create({ email, first_name: 'Sam' });
    expect(customer).toMatchObject({ email, first_name: 'Sam' });
    await medusa.auth.login('customer', 'emailpass', { email, password: 'password123' });
    const me = await medusa.store.customer.retrieve();
    expect(me.customer).toMatchObject({ id: customer.id, email, first_name: 'Sam' });
  });

  it('answers a wrong password with the error the SDK passes on', async () => {
    await expect(
      sdk().auth.login('user', 'emailpass', { email: admin.email, password: 'not-it-at-all' }),
    ).rejects.toMatchObject({ status: 401, message: 'Invalid email or password' });
  });
});
