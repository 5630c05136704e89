import { startTestApp, TestApp } from '../helpers/app';
import { createApiKey, createSalesChannel } from '../helpers/api-keys';
import { createAdmin, type Actor } from '../helpers/factories';

describe('Admin products and sales channels (the resources the seed calls)', () => {
  let t: TestApp;
  let admin: Actor;
  const auth = () => ({ Authorization: `Bearer ${admin.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('creates, reads, updates and deletes a product', async () => {
    const channel = await createSalesChannel(t, admin.token, 'Web');
    const created = await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Medusa T-Shirt', description: 'Soft', sales_channel_ids: [channel] })
      .expect(200);
    const product = created.body.product;
    expect(product).toMatchObject({
      title: 'Medusa T-Shirt',
      handle: 'medusa-t-shirt',
      status: 'draft',
      description: 'Soft',
      sales_channels: [{ id: channel, name: 'Web' }],
    });
    expect(product.id).toMatch(/^prod_[0-9A-Z]{26}$/);

    const got = await t.http.get(`/admin/products/${product.id}`).set(auth()).expect(200);
    expect(got.body.product).toEqual(product);

    const updated = await t.http
      .post(`/admin/products/${product.id}`)
      .set(auth())
      .send({ status: 'published', sales_channel_ids: [] })
      .expect(200);
    expect(updated.body.product).toMatchObject({
      status: 'published',
      sales_channels: [],
      title: 'Medusa T-Shirt',
    });

    const deleted = await t.http.delete(`/admin/products/${product.id}`).set(auth()).expect(200);
    expect(deleted.body).toEqual({ id: product.id, object: 'product', deleted: true });
    const missing = await t.http.get(`/admin/products/${product.id}`).set(auth()).expect(404);
    expect(missing.body).toEqual({
      type: 'not_found',
      message: `Product with id: ${product.id} was not found`,
    });
  });

  it('a partial update answers every field as a fresh read shows it', async () => {
    const created = await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Tea cup', description: 'Holds tea', status: 'published' })
      .expect(200);
    const id = created.body.product.id as string;
    const updated = await t.http
      .post(`/admin/products/${id}`)
      .set(auth())
      .send({ title: 'Large tea cup' })
      .expect(200);
    const read = await t.http.get(`/admin/products/${id}`).set(auth()).expect(200);
    expect(updated.body).toEqual(read.body);
    expect(read.body.product).toMatchObject({
      title: 'Large tea cup',
      description: 'Holds tea',
      status: 'published',
    });
  });

  it('409 for a duplicate handle, 400 for an unknown sales channel or status', async () => {
    await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Mug', handle: 'mug' })
      .expect(200);
    const duplicate = await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Mug 2', handle: 'mug' })
      .expect(409);
    expect(duplicate.body).toEqual({
      type: 'duplicate_error',
      message: 'A product with this handle already exists',
    });
    const channel = await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Cap', sales_channel_ids: ['sc_missing'] })
      .expect(400);
    expect(channel.body).toEqual({
      type: 'invalid_data',
      message: 'Sales channels with IDs sc_missing do not exist',
    });
    await t.http
      .post('/admin/products')
      .set(auth())
      .send({ title: 'Cap', status: 'live' })
      .expect(400);
  });

  it('lists products and sales channels with a secret API key as well as a JWT', async () => {
    const key = await createApiKey(t, admin.token, 'secret');
    await createSalesChannel(t, admin.token, 'POS');
    const viaKey = await t.http
      .get('/admin/products?q=mug')
      .set('x-medusa-access-token', key.token)
      .expect(200);
    expect(viaKey.body.products.map((product: { handle: string }) => product.handle)).toEqual([
      'mug',
    ]);
    const channels = await t.http
      .get('/admin/sales-channels')
      .set('x-medusa-access-token', key.token)
      .expect(200);
    expect(channels.body.sales_channels.map((channel: { name: string }) => channel.name)).toEqual([
      'Web',
      'POS',
    ]);
    const created = await t.http
      .post('/admin/sales-channels')
      .set('x-medusa-access-token', key.token)
      .send({ name: '  App  ' })
      .expect(200);
    expect(created.body.sales_channel).toMatchObject({ name: 'App', description: null });
  });

  it('401 without credentials', async () => {
    await t.http.get('/admin/products').expect(401);
    await t.http.post('/admin/sales-channels').send({ name: 'x' }).expect(401);
  });
});
