import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { TestApp } from './app';

export interface Actor {
  id: string;
  email: string;
  password: string;
  token: string;
}

let sequence = 0;
export function uniqueEmail(label = 'person'): string {
  sequence += 1;
  return `${label}-${sequence}-${Date.now()}@example.com`;
}

export async function login(
  t: TestApp,
  actor: 'user' | 'customer',
  email: string,
  password: string,
) {
  const response = await t.http
    .post(`/auth/${actor}/emailpass`)
    .send({ email, password })
    .expect(200);
  return response.body.token as string;
}

/**
 * An admin user, created as `npm run user:create` does (with the built-in admin role unless `roleIds`
 * says otherwise), and logged in through the API.
 */
export async function createAdmin(
  t: TestApp,
  email = uniqueEmail('admin'),
  password = 'supersecret',
  roleIds: string[] = ['role_admin'],
): Promise<Actor> {
  const { user } = await t.app
    .get(AccountsService)
    .createWithPassword({ email, password, role_ids: roleIds });
  return { id: user.id, email, password, token: await login(t, 'user', email, password) };
}

/** A customer through the seed's one-step `POST /store/customers`, then logged in. */
export async function createCustomer(
  t: TestApp,
  email = uniqueEmail('customer'),
  password = 'password123',
): Promise<Actor> {
  const response = await t.http.post('/store/customers').send({ email, password }).expect(200);
  return {
    id: response.body.customer.id,
    email,
    password,
    token: await login(t, 'customer', email, password),
  };
}

/** The claims of a JWT, without verifying it. */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
