import type { TestApp } from './app';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function createOrganization(t: TestApp, jwt: string, name = 'Acme'): Promise<string> {
  const response = await t.http
    .post('/cloud/organizations')
    .set(bearer(jwt))
    .send({ name })
    .expect(200);
  return response.body.organization.id;
}

export async function addMember(
  t: TestApp,
  jwt: string,
  orgId: string,
  email: string,
  role = 'member',
) {
  await t.http
    .post(`/cloud/organizations/${orgId}/members`)
    .set(bearer(jwt))
    .send({ email, role })
    .expect(200);
}

/** Creates an organization key (`orgId`) or a personal key (no `orgId`); returns its id and token. */
export async function createAccessKey(
  t: TestApp,
  jwt: string,
  orgId?: string,
  name = 'CI pipeline',
): Promise<{ id: string; token: string }> {
  const path = orgId ? `/cloud/organizations/${orgId}/access-keys` : '/cloud/me/access-keys';
  const response = await t.http.post(path).set(bearer(jwt)).send({ name }).expect(200);
  return { id: response.body.access_key.id, token: response.body.access_key.token };
}
