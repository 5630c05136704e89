import type { TestApp } from './app';

export interface CreatedKey {
  id: string;
  token: string;
  body: Record<string, unknown>;
}

export async function createApiKey(
  t: TestApp,
  jwt: string,
  type: 'secret' | 'publishable',
  title = `${type} key`,
  extra: Record<string, unknown> = {},
): Promise<CreatedKey> {
  const response = await t.http
    .post('/admin/api-keys')
    .set('Authorization', `Bearer ${jwt}`)
    .send({ title, type, ...extra })
    .expect(200);
  return {
    id: response.body.api_key.id,
    token: response.body.api_key.token,
    body: response.body.api_key,
  };
}

export async function createSalesChannel(t: TestApp, jwt: string, name: string): Promise<string> {
  const response = await t.http
    .post('/admin/sales-channels')
    .set('Authorization', `Bearer ${jwt}`)
    .send({ name })
    .expect(200);
  return response.body.sales_channel.id;
}

export async function createProduct(
  t: TestApp,
  jwt: string,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await t.http
    .post('/admin/products')
    .set('Authorization', `Bearer ${jwt}`)
    .send(body)
    .expect(200);
  return response.body.product.id;
}
