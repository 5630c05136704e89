import { queriesDuring, startTestApp, TestApp } from '../helpers/app';
import { createApiKey } from '../helpers/api-keys';
import { createAdmin, type Actor } from '../helpers/factories';
import { bearer } from '../helpers/organizations';
import { routes } from '../helpers/routes';

// The seed's exact 403 body.
const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };

describe('RBAC: every admin route checks a permission', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const setRoles = (userId: string, body: { add?: string[]; remove?: string[] }) =>
    t.http.post(`/admin/users/${userId}/roles`).set(bearer(admin.token)).send(body);

  it('a viewer gets 403 on every write route of the admin API (all of them, walked from the router)', async () => {
    const viewer = await createAdmin(t, undefined, undefined, ['role_viewer']);
    // Every admin write route that needs a permission (invites/accept needs none: its caller is not a user yet).
    const writes = routes(t.app).filter(
      ({ path, method, permissions }) =>
        path.startsWith('/admin/') && method !== 'GET' && Boolean(permissions?.length),
    );
    expect(writes.length).toBeGreaterThanOrEqual(14);
    for (const { method, path, route } of writes) {
      const url = path.replace(/:[a-z_]+/g, 'x');
      const response = await t.http[method.toLowerCase() as 'post' | 'delete' | 'patch'](url)
        .set(bearer(viewer.token))
        .send({});
      expect({ route, status: response.status, body: response.body }).toEqual({
        route,
        status: 403,
        body: FORBIDDEN,
      });
    }
    await t.http.get('/admin/products').set(bearer(viewer.token)).expect(200);
    await t.http.get('/admin/api-keys').set(bearer(viewer.token)).expect(200);
  });

  it('without credentials an admin route answers 401, not 403 (authentication runs first)', async () => {
    const response = await t.http.post('/admin/roles').send({}).expect(401);
    expect(response.body).toEqual({ type: 'unauthorized', message: 'Authentication required' });
  });

  it('a developer can manage API keys but not roles', async () => {
    const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    const key = await createApiKey(t, developer.token, 'secret');
    await t.http.post(`/admin/api-keys/${key.id}/revoke`).set(bearer(developer.token)).expect(200);
    const roles = await t.http.get('/admin/roles').set(bearer(developer.token)).expect(403);
    expect(roles.body).toEqual(FORBIDDEN);
    await t.http
      .post(`/admin/users/${developer.id}/roles`)
      .set(bearer(developer.token))
      .send({ add: ['role_admin'] })
      .expect(403);
  });

  it("removing a role takes effect on the user's very next request, through their JWT and their API key", async () => {
    const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    const key = await createApiKey(t, developer.token, 'secret');
    await t.http.get('/admin/api-keys').set(bearer(developer.token)).expect(200);
    await t.http.get('/admin/api-keys').set('x-medusa-access-token', key.token).expect(200);

    const changed = await setRoles(developer.id, { remove: ['role_developer'] }).expect(200);
    expect(changed.body).toEqual({ user_id: developer.id, roles: [], permissions: [] });

    expect(
      (await t.http.get('/admin/api-keys').set(bearer(developer.token)).expect(403)).body,
    ).toEqual(FORBIDDEN);
    await t.http.get('/admin/api-keys').set('x-medusa-access-token', key.token).expect(403);
    // Still authenticated: routes that need no permission answer.
    await t.http.get('/admin/users/me').set(bearer(developer.token)).expect(200);

    await setRoles(developer.id, { add: ['role_developer'] }).expect(200);
    await t.http.get('/admin/api-keys').set('x-medusa-access-token', key.token).expect(200);
  });

  it('GET /admin/users/me is served from caches, which a role given, renamed or taken away evicts', async () => {
    const user = await createAdmin(t, undefined, undefined, ['role_viewer']);
    const me = async () =>
      (await t.http.get('/admin/users/me').set(bearer(user.token)).expect(200)).body.user as {
        roles: { id: string; name: string }[];
      };
    await me();
    // Warm: no SQL at all (the console asks on every page; bench/instructions.ts measures this route).
    expect(await queriesDuring(me)).toEqual([]);

    const role = await t.http
      .post('/admin/roles')
      .set(bearer(admin.token))
      .send({ name: 'cached-support', permissions: ['customers:read'] })
      .expect(200);
    await setRoles(user.id, { add: [role.body.role.id] }).expect(200);
    expect((await me()).roles.map((r) => r.name)).toEqual(['cached-support', 'viewer']);
    await t.http
      .post(`/admin/roles/${role.body.role.id}`)
      .set(bearer(admin.token))
      .send({ name: 'renamed-support' })
      .expect(200);
    expect((await me()).roles.map((r) => r.name)).toContain('renamed-support');
    await setRoles(user.id, { remove: [role.body.role.id] }).expect(200);
    expect((await me()).roles).toEqual([{ id: 'role_viewer', name: 'viewer' }]);
  });

  it('GET /admin/users/me names my roles and what this very request may do', async () => {
    const viewer = await createAdmin(t, undefined, undefined, ['role_viewer']);
    const asViewer = await t.http.get('/admin/users/me').set(bearer(viewer.token)).expect(200);
    expect(asViewer.body.user).toMatchObject({
      id: viewer.id,
      email: viewer.email,
      roles: [{ id: 'role_viewer', name: 'viewer' }],
    });
    expect(asViewer.body.user.permissions).toContain('products:read');
    expect(asViewer.body.user.permissions).not.toContain('products:write');

    const asAdmin = await t.http.get('/admin/users/me').set(bearer(admin.token)).expect(200);
    expect(asAdmin.body.user.roles).toEqual([{ id: 'role_admin', name: 'admin' }]);
    expect(asAdmin.body.user.permissions).toEqual(
      expect.arrayContaining(['roles:manage', 'users:manage', 'api_keys:write']),
    );
    // A scoped key acts as its creator with the creator's roles, and no more than its scopes.
    const key = await createApiKey(t, admin.token, 'secret', 'me, scoped', {
      scopes: ['products:read'],
    });
    const asKey = await t.http
      .get('/admin/users/me')
      .set('x-medusa-access-token', key.token)
      .expect(200);
    expect(asKey.body.user).toMatchObject({
      id: admin.id,
      roles: [{ id: 'role_admin', name: 'admin' }],
      permissions: ['products:read'],
    });
  });

  it('a key scoped to products:read lists products and gets 403 creating one', async () => {
    const key = await createApiKey(t, admin.token, 'secret', 'read-only catalogue', {
      scopes: ['products:read'],
    });
    expect(key.body.scopes).toEqual(['products:read']);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
    const denied = await t.http
      .post('/admin/products')
      .set('x-medusa-access-token', key.token)
      .send({ title: 'Not allowed' })
      .expect(403);
    expect(denied.body).toEqual(FORBIDDEN);
    await t.http.get('/admin/api-keys').set('x-medusa-access-token', key.token).expect(403);
  });

  it('a key created by a user who is later downgraded loses the permission', async () => {
    const user = await createAdmin(t);
    const key = await createApiKey(t, user.token, 'secret');
    await t.http
      .post('/admin/products')
      .set('x-medusa-access-token', key.token)
      .send({ title: 'Before' })
      .expect(200);
    await setRoles(user.id, { add: ['role_viewer'], remove: ['role_admin'] }).expect(200);
    await t.http
      .post('/admin/products')
      .set('x-medusa-access-token', key.token)
      .send({ title: 'After' })
      .expect(403);
    await t.http.get('/admin/products').set('x-medusa-access-token', key.token).expect(200);
  });

  it('scopes: never beyond the creator (403), only known permissions (400), inherited by keys a scoped key makes', async () => {
    const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    const beyond = await t.http
      .post('/admin/api-keys')
      .set(bearer(developer.token))
      .send({ title: 'too much', type: 'secret', scopes: ['roles:manage'] })
      .expect(403);
    expect(beyond.body).toEqual(FORBIDDEN);
    const unknown = await t.http
      .post('/admin/api-keys')
      .set(bearer(developer.token))
      .send({ title: 'typo', type: 'secret', scopes: ['products:reed'] })
      .expect(400);
    expect(unknown.body).toEqual({
      type: 'invalid_data',
      message: 'Unknown permissions: products:reed',
    });

    const scoped = await createApiKey(t, developer.token, 'secret', 'scoped', {
      scopes: ['api_keys:read', 'api_keys:write'],
    });
    const child = await t.http
      .post('/admin/api-keys')
      .set('x-medusa-access-token', scoped.token)
      .send({ title: 'child', type: 'secret' })
      .expect(200);
    expect(child.body.api_key.scopes).toEqual(['api_keys:read', 'api_keys:write']);
    await t.http
      .get('/admin/products')
      .set('x-medusa-access-token', child.body.api_key.token)
      .expect(403);
    await t.http
      .post('/admin/api-keys')
      .set('x-medusa-access-token', scoped.token)
      .send({ title: 'escalate', type: 'secret', scopes: ['products:write'] })
      .expect(403);
  });

  describe('roles', () => {
    it('creates, reads, updates and deletes custom roles; refuses unknown permissions and duplicate names', async () => {
      const created = await t.http
        .post('/admin/roles')
        .set(bearer(admin.token))
        .send({
          name: 'support',
          description: 'Helps customers',
          permissions: ['customers:read', 'products:read'],
        })
        .expect(200);
      const role = created.body.role;
      expect(role).toMatchObject({
        name: 'support',
        built_in: false,
        permissions: ['customers:read', 'products:read'],
      });
      expect(role.id).toMatch(/^role_[0-9A-Z]{26}$/);
      await t.http
        .post('/admin/roles')
        .set(bearer(admin.token))
        .send({ name: 'support', permissions: [] })
        .expect(409);
      const bad = await t.http
        .post('/admin/roles')
        .set(bearer(admin.token))
        .send({ name: 'bad', permissions: ['products:*'] })
        .expect(400);
      expect(bad.body).toEqual({
        type: 'invalid_data',
        message: 'Unknown permissions: products:*',
      });

      const user = await createAdmin(t, undefined, undefined, [role.id]);
      await t.http.get('/admin/products').set(bearer(user.token)).expect(200);
      await t.http
        .post(`/admin/roles/${role.id}`)
        .set(bearer(admin.token))
        .send({ permissions: ['customers:read'] })
        .expect(200);
      await t.http.get('/admin/products').set(bearer(user.token)).expect(403);

      const got = await t.http.get(`/admin/roles/${role.id}`).set(bearer(admin.token)).expect(200);
      expect(got.body.role.permissions).toEqual(['customers:read']);
      await t.http.delete(`/admin/roles/${role.id}`).set(bearer(admin.token)).expect(200);
      await t.http.get(`/admin/roles/${role.id}`).set(bearer(admin.token)).expect(404);
    });

    it('lists the built-in roles, which cannot be edited or deleted', async () => {
      const list = await t.http.get('/admin/roles?limit=100').set(bearer(admin.token)).expect(200);
      const builtIn = list.body.roles
        .filter((role: { built_in: boolean }) => role.built_in)
        .map((role: { id: string }) => role.id);
      expect(builtIn.sort()).toEqual(['role_admin', 'role_developer', 'role_viewer']);
      const edit = await t.http
        .post('/admin/roles/role_viewer')
        .set(bearer(admin.token))
        .send({ name: 'reader' })
        .expect(403);
      expect(edit.body).toEqual({
        type: 'not_allowed',
        message: 'Built-in roles cannot be edited or deleted',
      });
      await t.http.delete('/admin/roles/role_admin').set(bearer(admin.token)).expect(403);
    });

    it('refuses unknown role ids and unknown users', async () => {
      const user = await createAdmin(t);
      const unknown = await setRoles(user.id, { add: ['role_nope'] }).expect(400);
      expect(unknown.body).toEqual({
        type: 'invalid_data',
        message: 'Roles with IDs role_nope do not exist',
      });
      await setRoles('user_nope', { add: ['role_viewer'] }).expect(404);
    });
  });
});

describe('RBAC: the last admin (a database with one admin)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('cannot lose the admin role; of two admins removing each other at once, one is refused', async () => {
    const only = await createAdmin(t);
    const refused = await t.http
      .post(`/admin/users/${only.id}/roles`)
      .set(bearer(only.token))
      .send({ remove: ['role_admin'] })
      .expect(400);
    expect(refused.body).toEqual({ type: 'invalid_data', message: 'Cannot remove the last admin' });

    const second = await createAdmin(t);
    const [a, b] = await Promise.all([
      t.http
        .post(`/admin/users/${second.id}/roles`)
        .set(bearer(only.token))
        .send({ remove: ['role_admin'] }),
      t.http
        .post(`/admin/users/${only.id}/roles`)
        .set(bearer(second.token))
        .send({ remove: ['role_admin'] }),
    ]);
    // The loser is refused either by the last-admin rule (400) or, if the winner's change committed
    // before its permission check, because it no longer holds roles:manage (403).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([400, 403]).toContain(statuses[1]);
    const admins = await Promise.all(
      [only, second].map(async (user) => {
        const response = await t.http.get('/admin/roles').set(bearer(user.token));
        return response.status === 200;
      }),
    );
    expect(admins.filter(Boolean)).toHaveLength(1);
  });
});
