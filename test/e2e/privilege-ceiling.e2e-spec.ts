import { createApiKey } from '../helpers/api-keys';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, type Actor } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

// The seed's exact 403 body.
const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };

/**
 * Issue 19, invariant 1: nobody hands out more than they hold. Each table is caller × target × route →
 * status; every refusal is the seed's 403 and leaves a `permission.denied` audit event.
 */
describe('The privilege ceiling', () => {
  let t: TestApp;
  let admin: Actor;
  let developer: Actor;
  let otherDeveloper: Actor;
  let rolesManager: Actor;
  let inviter: Actor;
  /** A custom role that holds `roles:manage` and nothing else. */
  let rolesOnly: string;
  /** A secret key of the admin's, scoped to the API-key permissions only. */
  let adminKeyScopedToApiKeys: string;

  async function customRole(name: string, permissions: string[]): Promise<string> {
    const response = await t.http
      .post('/admin/roles')
      .set(bearer(admin.token))
      .send({ name, permissions })
      .expect(200);
    return response.body.role.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    otherDeveloper = await createAdmin(t, undefined, undefined, ['role_developer']);
    rolesOnly = await customRole('roles only', ['roles:manage']);
    rolesManager = await createAdmin(t, undefined, undefined, [rolesOnly]);
    inviter = await createAdmin(t, undefined, undefined, [
      await customRole('inviter', ['users:manage', 'users:read']),
    ]);
    adminKeyScopedToApiKeys = (
      await createApiKey(t, admin.token, 'secret', 'api keys only', {
        scopes: ['api_keys:read', 'api_keys:write'],
      })
    ).token;
  });
  afterAll(() => t.close());

  const callers = (): Record<string, Record<string, string>> => ({
    admin: bearer(admin.token),
    developer: bearer(developer.token),
    'admin key scoped to api_keys:*': { 'x-medusa-access-token': adminKeyScopedToApiKeys },
  });
  const owners = (): Record<string, Actor> => ({ admin, developer, otherDeveloper });

  async function deniedEvents(attempted: string, targetId: string): Promise<number> {
    const response = await t.http
      .get('/admin/audit-events')
      .query({ action: 'permission.denied', target_id: targetId, limit: 100 })
      .set(bearer(admin.token))
      .expect(200);
    return (response.body.audit_events as { metadata: { attempted: string } }[]).filter(
      (event) => event.metadata.attempted === attempted,
    ).length;
  }

  type KeyRoute = 'roll' | 'revoke' | 'rename' | 'delete';
  const KEY_ROUTES: Record<
    KeyRoute,
    (id: string) => { method: 'post' | 'delete'; path: string; body?: object }
  > = {
    roll: (id) => ({ method: 'post', path: `/admin/api-keys/${id}/roll`, body: {} }),
    revoke: (id) => ({ method: 'post', path: `/admin/api-keys/${id}/revoke`, body: {} }),
    rename: (id) => ({ method: 'post', path: `/admin/api-keys/${id}`, body: { title: 'renamed' } }),
    delete: (id) => ({ method: 'delete', path: `/admin/api-keys/${id}` }),
  };
  const ACTIONS = { roll: 'roll', revoke: 'revoke', rename: 'update', delete: 'delete' };

  describe.each([
    // caller, key owner, key (scopes or type), route, status
    ['developer', 'admin', 'secret', 'roll', 403],
    ['developer', 'admin', 'secret', 'revoke', 403],
    ['developer', 'admin', 'secret', 'rename', 403],
    ['developer', 'admin', 'secret', 'delete', 403],
    ['developer', 'admin', 'scoped to products:read', 'revoke', 200],
    ['developer', 'otherDeveloper', 'secret', 'roll', 403],
    ['developer', 'otherDeveloper', 'secret', 'revoke', 200],
    ['developer', 'otherDeveloper', 'secret', 'rename', 200],
    ['developer', 'otherDeveloper', 'secret', 'delete', 200],
    ['developer', 'developer', 'secret', 'roll', 200],
    ['developer', 'admin', 'publishable', 'roll', 200],
    ['developer', 'admin', 'publishable', 'delete', 200],
    ['admin', 'developer', 'secret', 'roll', 403],
    ['admin', 'developer', 'secret', 'revoke', 200],
    ['admin', 'admin', 'secret', 'roll', 200],
    ['admin key scoped to api_keys:*', 'admin', 'secret', 'roll', 403],
    ['admin key scoped to api_keys:*', 'admin', 'secret', 'revoke', 403],
    ['admin key scoped to api_keys:*', 'admin', 'secret', 'rename', 403],
    ['admin key scoped to api_keys:*', 'admin', 'secret', 'delete', 403],
    ['admin key scoped to api_keys:*', 'admin', 'scoped to api_keys:read', 'roll', 200],
  ] as const)('%s on a key of %s (%s): %s', (caller, owner, kind, route, status) => {
    it(`answers ${status}`, async () => {
      const type = kind === 'publishable' ? 'publishable' : 'secret';
      const scopes = kind.startsWith('scoped to ') ? [kind.slice('scoped to '.length)] : undefined;
      const key = await createApiKey(t, owners()[owner]!.token, type, `${owner}'s key`, {
        ...(scopes && { scopes }),
      });
      const { method, path, body } = KEY_ROUTES[route](key.id);
      const response = await t.http[method](path).set(callers()[caller]!).send(body);
      expect(response.status).toBe(status);
      const action = `api_key.${ACTIONS[route]}`;
      if (status === 403) {
        expect(response.body).toEqual(FORBIDDEN);
        expect(await deniedEvents(action, key.id)).toBe(1);
        // Nothing changed: the key's own token still answers as its owner.
        if (type === 'secret')
          await t.http.get('/admin/users/me').set('x-medusa-access-token', key.token).expect(200);
      } else {
        expect(await deniedEvents(action, key.id)).toBe(0);
      }
    });
  });

  it("a developer who rolled an admin's key would have had the admin's rights: the roll is refused and the token never issued", async () => {
    const key = await createApiKey(t, admin.token, 'secret', 'admin integration');
    const roll = await t.http
      .post(`/admin/api-keys/${key.id}/roll`)
      .set(bearer(developer.token))
      .send({})
      .expect(403);
    expect(roll.body.api_key).toBeUndefined();
    await t.http.get('/admin/roles').set('x-medusa-access-token', key.token).expect(200);
  });

  describe.each([
    // caller, change, status
    ['rolesManager', 'gives itself role_admin', 403],
    ['rolesManager', 'gives itself role_developer', 403],
    ['rolesManager', 'takes role_viewer from a viewer', 403],
    ['rolesManager', 'gives a custom role holding only roles:manage', 200],
    ['admin', 'gives itself role_developer', 200],
    ['admin', 'takes role_viewer from a viewer', 200],
  ] as const)('%s %s', (caller, change, status) => {
    it(`answers ${status}`, async () => {
      const by = { rolesManager, admin }[caller];
      const viewer = await createAdmin(t, undefined, undefined, ['role_viewer']);
      const [target, body] = {
        'gives itself role_admin': [by.id, { add: ['role_admin'] }],
        'gives itself role_developer': [by.id, { add: ['role_developer'] }],
        'takes role_viewer from a viewer': [viewer.id, { remove: ['role_viewer'] }],
        'gives a custom role holding only roles:manage': [viewer.id, { add: [rolesOnly] }],
      }[change] as [string, Record<string, string[]>];
      const response = await t.http
        .post(`/admin/users/${target}/roles`)
        .set(bearer(by.token))
        .send(body);
      expect(response.status).toBe(status);
      if (status === 403) {
        expect(response.body).toEqual(FORBIDDEN);
        expect(await deniedEvents('user.roles_change', target)).toBeGreaterThanOrEqual(1);
      }
    });
  });

  it('a roles:manage-only user cannot create, widen or delete a role beyond its own permissions', async () => {
    const create = (permissions: string[]) =>
      t.http
        .post('/admin/roles')
        .set(bearer(rolesManager.token))
        .send({ name: `r-${permissions.join('-')}-${Date.now()}`, permissions });
    expect((await create(['users:manage'])).body).toEqual(FORBIDDEN);
    expect((await create(['roles:manage', 'audit:read'])).status).toBe(403);
    const own = await create(['roles:manage']).expect(200);

    await t.http
      .post(`/admin/roles/${own.body.role.id}`)
      .set(bearer(rolesManager.token))
      .send({ permissions: ['roles:manage', 'users:manage'] })
      .expect(403);
    const wide = await customRole('wide', ['products:read', 'roles:manage']);
    await t.http
      .post(`/admin/roles/${wide}`)
      .set(bearer(rolesManager.token))
      .send({ description: 'only the words change' })
      .expect(403);
    await t.http.delete(`/admin/roles/${wide}`).set(bearer(rolesManager.token)).expect(403);
    expect(await deniedEvents('role.update', wide)).toBe(1);
    expect(await deniedEvents('role.delete', wide)).toBe(1);
    // The role is as the admin made it.
    const role = await t.http.get(`/admin/roles/${wide}`).set(bearer(admin.token)).expect(200);
    expect(role.body.role.permissions).toEqual(['products:read', 'roles:manage']);
  });

  it.each([
    ['role_admin', 403],
    ['role_viewer', 403],
  ] as const)('a users:manage user inviting with %s answers %s', async (role, status) => {
    const response = await t.http
      .post('/admin/invites')
      .set(bearer(inviter.token))
      .send({ email: `invitee-${role}-${Date.now()}@example.com`, role_ids: [role] });
    expect(response.status).toBe(status);
    expect(response.body).toEqual(FORBIDDEN);
  });

  it('a users:manage user may invite with a role within its own permissions', async () => {
    const narrow = await customRole('user reader', ['users:read']);
    await t.http
      .post('/admin/invites')
      .set(bearer(inviter.token))
      .send({ email: `invitee-narrow-${Date.now()}@example.com`, role_ids: [narrow] })
      .expect(200);
  });

  it.each([
    [['roles:manage'], 403],
    [['products:read'], 200],
  ] as const)('a developer creating a key scoped to %j answers %s', async (scopes, status) => {
    const response = await t.http
      .post('/admin/api-keys')
      .set(bearer(developer.token))
      .send({ title: 'scoped', type: 'secret', scopes });
    expect(response.status).toBe(status);
  });
});
