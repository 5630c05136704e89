import { Client } from 'pg';
import { queriesDuring, startTestApp, TestApp } from '../helpers/app';
import { createApiKey, createProduct, createSalesChannel } from '../helpers/api-keys';
import { createAdmin, createCustomer, type Actor } from '../helpers/factories';

const UNAUTHORIZED = { type: 'unauthorized', message: 'Authentication required' };

describe('Secret API keys (seed: API Key Authentication)', () => {
  let t: TestApp;
  let admin: Actor;
  const auth = () => ({ Authorization: `Bearer ${admin.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  async function storedRows(): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      return (await client.query('SELECT * FROM api_key')).rows;
    } finally {
      await client.end();
    }
  }

  describe('the seed walkthrough', () => {
    it('creates a key with a JWT and shows the token once', async () => {
      const response = await t.http
        .post('/admin/api-keys')
        .set(auth())
        .send({ title: 'Integration API Key', type: 'secret' })
        .expect(200);
      const key = response.body.api_key;
      expect(key).toMatchObject({
        title: 'Integration API Key',
        type: 'secret',
        created_by: admin.id,
        revoked_at: null,
        last_used_at: null,
      });
      expect(key.id).toMatch(/^apk_[0-9A-Z]{26}$/);
      expect(key.token).toMatch(/^sk_[0-9A-Za-z]{49}$/);
      expect(key.redacted).toBe(`sk_${key.token.slice(3, 7)}…${key.token.slice(-4)}`);
      expect(typeof key.created_at).toBe('string');

      const got = await t.http.get(`/admin/api-keys/${key.id}`).set(auth()).expect(200);
      const listed = await t.http.get('/admin/api-keys').set(auth()).expect(200);
      const renamed = await t.http
        .post(`/admin/api-keys/${key.id}`)
        .set(auth())
        .send({ title: 'Renamed' })
        .expect(200);
      for (const body of [got.body, listed.body, renamed.body]) {
        expect(JSON.stringify(body)).not.toContain(key.token);
        expect(JSON.stringify(body)).not.toContain('token');
      }
    });

    it('authenticates GET /admin/products with x-medusa-access-token, ?api_token= and Basic', async () => {
      const key = await createApiKey(t, admin.token, 'secret');
      await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
      await t.http.get(`/admin/products?api_token=${key.token}`).expect(200);
      const basic = Buffer.from(`${key.token}:`).toString('base64');
      const response = await t.http
        .get('/admin/products')
        .set('Authorization', `Basic ${basic}`)
        .expect(200);
      expect(response.body).toEqual({ products: [], count: 0, offset: 0, limit: 20 });
      await t.http.get('/admin/products').set('Authorization', `Basic ${key.token}`).expect(200);
    });

    it('revokes: the next request with the key gets 401', async () => {
      const key = await createApiKey(t, admin.token, 'secret');
      await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
      const revoked = await t.http.post(`/admin/api-keys/${key.id}/revoke`).set(auth()).expect(200);
      expect(revoked.body.api_key).toMatchObject({ id: key.id, revoked_by: admin.id });
      expect(revoked.body.api_key.token).toBeUndefined();
      const refused = await t.http
        .get('/admin/products')
        .set('x-medusa-access-token', key.token)
        .expect(401);
      expect(refused.body).toEqual(UNAUTHORIZED);
      await t.http.post(`/admin/api-keys/${key.id}/revoke`).set(auth()).expect(400);
    });
  });

  it('acts as the user who created it', async () => {
    const other = await createAdmin(t);
    const key = await createApiKey(t, other.token, 'secret');
    const me = await t.http
      .get('/admin/users/me')
      .set('x-medusa-access-token', key.token)
      .expect(200);
    expect(me.body.user.id).toBe(other.id);
    const created = await t.http
      .post('/admin/api-keys')
      .set('x-medusa-access-token', key.token)
      .send({ title: 'made by a key', type: 'secret' })
      .expect(200);
    expect(created.body.api_key.created_by).toBe(other.id);
  });

  it('stores no token, only its SHA-256; many active keys never collide', async () => {
    const keys = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createApiKey(t, admin.token, 'secret', `k${i}`)),
    );
    expect(new Set(keys.map((key) => key.token)).size).toBe(20);
    const rows = JSON.stringify(await storedRows());
    for (const key of keys) {
      expect(rows).not.toContain(key.token);
      expect(rows).not.toContain(key.token.slice(3, 30));
    }
    await Promise.all(
      keys.map((key) =>
        t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200),
      ),
    );
  });

  it('revoke_in=60 keeps the key working until the time has passed', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    await t.http
      .post(`/admin/api-keys/${key.id}/revoke`)
      .set(auth())
      .send({ revoke_in: 60 })
      .expect(200);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    t.advanceClock(59);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    t.advanceClock(2);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
    t.advanceClock(-61);
  });

  it('an expired key gets 401', async () => {
    const expiresAt = new Date(t.clock.nowMs() + 3600_000).toISOString();
    const key = await createApiKey(t, admin.token, 'secret', 'expiring', { expires_at: expiresAt });
    expect(key.body.expires_at).toBe(expiresAt);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    t.advanceClock(3601);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
    t.advanceClock(-3601);
    await t.http
      .post('/admin/api-keys')
      .set(auth())
      .send({ title: 'past', type: 'secret', expires_at: '2020-01-01T00:00:00Z' })
      .expect(400);
  });

  it('a deleted key gets 401, and its id 404', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    const deleted = await t.http.delete(`/admin/api-keys/${key.id}`).set(auth()).expect(200);
    expect(deleted.body).toEqual({ id: key.id, object: 'api_key', deleted: true });
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
    const missing = await t.http.get(`/admin/api-keys/${key.id}`).set(auth()).expect(404);
    expect(missing.body).toEqual({
      type: 'not_found',
      message: `API Key with id: ${key.id} was not found`,
    });
  });

  it('rolls with a grace period: old token works during it, refused after; new token works', async () => {
    const key = await createApiKey(t, admin.token, 'secret', 'rolling');
    const rolled = await t.http
      .post(`/admin/api-keys/${key.id}/roll`)
      .set(auth())
      .send({ expires_in: 300 })
      .expect(200);
    const newToken = rolled.body.api_key.token as string;
    expect(rolled.body.api_key).toMatchObject({
      id: key.id,
      title: 'rolling',
      created_by: admin.id,
    });
    expect(newToken).not.toBe(key.token);
    expect(rolled.body.api_key.redacted).toBe(`sk_${newToken.slice(3, 7)}…${newToken.slice(-4)}`);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    await t.http.get('/admin/products').set('x-medusa-access-token', newToken).expect(200);
    t.advanceClock(301);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
    await t.http.get('/admin/products').set('x-medusa-access-token', newToken).expect(200);
    t.advanceClock(-301);

    const again = await t.http
      .post(`/admin/api-keys/${key.id}/roll`)
      .set(auth())
      .send({})
      .expect(200);
    await t.http.get('/admin/products').set('x-medusa-access-token', newToken).expect(401);
    await t.http
      .get('/admin/products')
      .set('x-medusa-access-token', again.body.api_key.token)
      .expect(200);
  });

  it('a mistyped token (one character changed) gets 401 without a database read', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    const index = 20;
    const mistyped =
      key.token.slice(0, index) +
      (key.token[index] === 'a' ? 'b' : 'a') +
      key.token.slice(index + 1);
    const keyReads = (sql: string[]) => sql.filter((statement) => statement.includes('api_key'));
    const refused = await queriesDuring(() =>
      t.http.get('/admin/products').set('x-medusa-access-token', mistyped).expect(401),
    );
    expect(keyReads(refused)).toEqual([]);
    const accepted = await queriesDuring(() =>
      t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200),
    );
    expect(keyReads(accepted)).not.toEqual([]);
  });

  it('a publishable key on an admin route gets 401', async () => {
    const key = await createApiKey(t, admin.token, 'publishable');
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
    await t.http.get('/admin/products').set('x-publishable-api-key', key.token).expect(401);
  });

  it('a secret key sent as Bearer gets 401 with a hint where it goes', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    const response = await t.http
      .get('/admin/products')
      .set('Authorization', `Bearer ${key.token}`)
      .expect(401);
    expect(response.body.type).toBe('unauthorized');
    expect(response.body.message).toContain('x-medusa-access-token');
    expect(response.body.message).not.toContain(key.token);
  });

  it('records last_used_at, at most once a minute', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    const waitForLastUsed = async () => {
      for (let i = 0; i < 50; i++) {
        const body = (await t.http.get(`/admin/api-keys/${key.id}`).set(auth())).body;
        if (body.api_key.last_used_at) return body.api_key.last_used_at as string;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('last_used_at never written');
    };
    const first = await waitForLastUsed();
    t.advanceClock(30);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    expect(await waitForLastUsed()).toBe(first);
    t.advanceClock(31);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    let later = first;
    for (let i = 0; i < 50 && later === first; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      later = (await t.http.get(`/admin/api-keys/${key.id}`).set(auth())).body.api_key.last_used_at;
    }
    expect(new Date(later).getTime()).toBeGreaterThan(new Date(first).getTime());
    t.advanceClock(-61);
  });

  it('validates titles: trimmed, 1 to 255 characters; and type', async () => {
    const trimmed = await createApiKey(t, admin.token, 'secret', '  spaced  ');
    expect(trimmed.body.title).toBe('spaced');
    for (const title of ['   ', 'x'.repeat(256)]) {
      await t.http.post('/admin/api-keys').set(auth()).send({ title, type: 'secret' }).expect(400);
    }
    const badType = await t.http
      .post('/admin/api-keys')
      .set(auth())
      .send({ title: 'x', type: 'admin' })
      .expect(400);
    expect(badType.body).toEqual({
      type: 'invalid_data',
      message: 'type must be one of the following values: secret, publishable',
    });
  });

  it('a customer token cannot manage API keys', async () => {
    const customer = await createCustomer(t);
    await t.http
      .get('/admin/api-keys')
      .set('Authorization', `Bearer ${customer.token}`)
      .expect(401);
  });

  it('stops working when its creator is deleted', async () => {
    const doomed = await createAdmin(t);
    const key = await createApiKey(t, doomed.token, 'secret');
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    await client.query(`UPDATE "user" SET deleted_at = now() WHERE id = $1`, [doomed.id]);
    await client.end();
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(401);
  });

  it('50 parallel requests while the key is revoked: never a 500, and all refused after the revoke', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    const during = Array.from({ length: 50 }, () =>
      t.http.get('/admin/products').set('x-medusa-access-token', key.token),
    );
    const revoke = t.http.post(`/admin/api-keys/${key.id}/revoke`).set(auth());
    const [revoked, ...responses] = await Promise.all([revoke, ...during]);
    expect(revoked.status).toBe(200);
    for (const response of responses) expect([200, 401]).toContain(response.status);
    const after = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.http.get('/admin/products').set('x-medusa-access-token', key.token),
      ),
    );
    expect(after.map((response) => response.status)).toEqual(Array(50).fill(401));
  });
});

describe('Publishable API keys and the store', () => {
  let t: TestApp;
  let admin: Actor;
  const auth = () => ({ Authorization: `Bearer ${admin.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it("GET /store/products answers only published products in the key's sales channels", async () => {
    const web = await createSalesChannel(t, admin.token, 'Web');
    const pos = await createSalesChannel(t, admin.token, 'POS');
    const shirt = await createProduct(t, admin.token, {
      title: 'Shirt',
      status: 'published',
      sales_channel_ids: [web],
    });
    await createProduct(t, admin.token, {
      title: 'Till roll',
      status: 'published',
      sales_channel_ids: [pos],
    });
    await createProduct(t, admin.token, { title: 'Draft hat', sales_channel_ids: [web] });
    const key = await createApiKey(t, admin.token, 'publishable');

    const none = await t.http
      .get('/store/products')
      .set('x-publishable-api-key', key.token)
      .expect(200);
    expect(none.body.products).toEqual([]);

    const linked = await t.http
      .post(`/admin/api-keys/${key.id}/sales-channels`)
      .set(auth())
      .send({ add: [web] })
      .expect(200);
    expect(linked.body.api_key.sales_channels).toEqual([{ id: web, name: 'Web' }]);
    const store = await t.http
      .get('/store/products')
      .set('x-publishable-api-key', key.token)
      .expect(200);
    expect(store.body.products.map((product: { id: string }) => product.id)).toEqual([shirt]);
    expect(store.body.count).toBe(1);

    await t.http
      .post(`/admin/api-keys/${key.id}/sales-channels`)
      .set(auth())
      .send({ remove: [web] })
      .expect(200);
    const removed = await t.http
      .get('/store/products')
      .set('x-publishable-api-key', key.token)
      .expect(200);
    expect(removed.body.products).toEqual([]);
  });

  it('400 not_allowed for a missing, unknown, mistyped, revoked or secret key', async () => {
    const missing = await t.http.get('/store/products').expect(400);
    expect(missing.body).toEqual({
      type: 'not_allowed',
      message:
        'Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard.',
    });
    const invalid = {
      type: 'not_allowed',
      message: 'A valid publishable key is required to proceed with the request',
    };

    const key = await createApiKey(t, admin.token, 'publishable');
    const secret = await createApiKey(t, admin.token, 'secret');
    const mistyped = key.token.slice(0, -1) + (key.token.endsWith('a') ? 'b' : 'a');
    const unknown = (await createApiKey(t, admin.token, 'publishable')).token;
    const unknownId = (
      await t.http.get('/admin/api-keys?type=publishable').set(auth())
    ).body.api_keys.at(-1).id;
    await t.http.delete(`/admin/api-keys/${unknownId}`).set(auth()).expect(200);
    for (const header of [mistyped, unknown, secret.token, 'pk_nonsense']) {
      const response = await t.http
        .get('/store/products')
        .set('x-publishable-api-key', header)
        .expect(400);
      expect(response.body).toEqual(invalid);
    }
    await t.http.post(`/admin/api-keys/${key.id}/revoke`).set(auth()).expect(200);
    const revoked = await t.http
      .get('/store/products')
      .set('x-publishable-api-key', key.token)
      .expect(400);
    expect(revoked.body).toEqual(invalid);
  });

  it('sales channels: only for publishable keys, and only existing channels', async () => {
    const secret = await createApiKey(t, admin.token, 'secret');
    const onSecret = await t.http
      .post(`/admin/api-keys/${secret.id}/sales-channels`)
      .set(auth())
      .send({ add: [] })
      .expect(400);
    expect(onSecret.body).toEqual({
      type: 'invalid_data',
      message: 'Sales channels can only be associated with publishable API keys',
    });
    const key = await createApiKey(t, admin.token, 'publishable');
    const phony = await t.http
      .post(`/admin/api-keys/${key.id}/sales-channels`)
      .set(auth())
      .send({ add: ['phony'] })
      .expect(400);
    expect(phony.body).toEqual({
      type: 'invalid_data',
      message: 'Sales channels with IDs phony do not exist',
    });
  });
});

describe('API key list filters (a database of its own, so counts are exact)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('filters by type, q (title or redacted), revoked, and paginates', async () => {
    const me = await createAdmin(t);
    const jwt = { Authorization: `Bearer ${me.token}` };
    const secret = await createApiKey(t, me.token, 'secret', 'Secret CI key');
    const publishable = await createApiKey(t, me.token, 'publishable', 'Publishable storefront');
    const revoked = await createApiKey(t, me.token, 'secret', 'Old secret');
    await t.http.post(`/admin/api-keys/${revoked.id}/revoke`).set(jwt).expect(200);

    const ids = async (query: string) =>
      (await t.http.get(`/admin/api-keys?${query}`).set(jwt).expect(200)).body.api_keys.map(
        (k: { id: string }) => k.id,
      );
    expect(await ids('type=publishable')).toEqual([publishable.id]);
    expect(await ids('q=secret')).toEqual([secret.id, revoked.id]);
    expect(await ids('revoked=true')).toEqual([revoked.id]);
    expect(await ids('revoked=false')).toEqual([secret.id, publishable.id]);
    expect(await ids(`q=${encodeURIComponent(publishable.body.redacted as string)}`)).toEqual([
      publishable.id,
    ]);
    const page = await t.http.get('/admin/api-keys?limit=1&offset=1').set(jwt).expect(200);
    expect(page.body).toMatchObject({ count: 3, offset: 1, limit: 1 });
    expect(page.body.api_keys.map((k: { id: string }) => k.id)).toEqual([publishable.id]);
  });
});

describe('ALLOW_QUERY_TOKEN=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOW_QUERY_TOKEN: 'false' } });
  });
  afterAll(() => t.close());

  it('refuses ?api_token= and still accepts the header', async () => {
    const owner = await createAdmin(t);
    const key = await createApiKey(t, owner.token, 'secret');
    await t.http.get(`/admin/products?api_token=${key.token}`).expect(401);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
  });
});
