import { Client } from 'pg';
import { createApiKey } from '../helpers/api-keys';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, decodeJwt, login, uniqueEmail, type Actor } from '../helpers/factories';
import { addMember, bearer, createAccessKey, createOrganization } from '../helpers/organizations';

const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };

/**
 * Issue 19, invariant 3: removing a person removes every way in, at once. Medusa's user routes, deletion
 * of a user with everything that acts as them, and the password change that recovers an account.
 */
describe('Users: management, deletion and password changes', () => {
  let t: TestApp;
  let admin: Actor;
  /** Holds users:manage and users:read only. */
  let userManager: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    const role = await t.http
      .post('/admin/roles')
      .set(bearer(admin.token))
      .send({ name: 'user manager', permissions: ['users:manage', 'users:read'] })
      .expect(200);
    userManager = await createAdmin(t, undefined, undefined, [role.body.role.id]);
  });
  afterAll(() => t.close());

  describe('GET and POST /admin/users/:id', () => {
    it('answers a user with their roles and permissions; 404 for an unknown one', async () => {
      const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
      const response = await t.http
        .get(`/admin/users/${developer.id}`)
        .set(bearer(admin.token))
        .expect(200);
      expect(response.body.user).toMatchObject({
        id: developer.id,
        email: developer.email,
        avatar_url: null,
        metadata: null,
        roles: [{ id: 'role_developer', name: 'developer' }],
      });
      expect(response.body.user.permissions).toContain('api_keys:write');
      await t.http.get('/admin/users/user_unknown').set(bearer(admin.token)).expect(404);
      await t.http.get(`/admin/users/${admin.id}`).set(bearer(developer.token)).expect(403);
    });

    it('updates my own profile (null clears a field) and answers what a fresh read shows', async () => {
      const person = await createAdmin(t, undefined, undefined, ['role_viewer']);
      const update = (body: object) =>
        t.http.post(`/admin/users/${person.id}`).set(bearer(person.token)).send(body);
      const updated = await update({
        first_name: 'Ada',
        avatar_url: 'https://example.com/ada.png',
        metadata: { team: 'payments', seniority: 3, remote: true },
      }).expect(200);
      const read = await t.http.get('/admin/users/me').set(bearer(person.token)).expect(200);
      // `me` adds my roles and permissions to the same user.
      const access = { roles: expect.any(Array), permissions: expect.any(Array) };
      expect(read.body.user).toEqual({ ...updated.body.user, ...access });
      expect(read.body.user).toMatchObject({
        first_name: 'Ada',
        avatar_url: 'https://example.com/ada.png',
        metadata: { team: 'payments', seniority: 3, remote: true },
      });
      const cleared = await update({ first_name: null }).expect(200);
      const reread = await t.http.get('/admin/users/me').set(bearer(person.token)).expect(200);
      expect(reread.body.user).toEqual({ ...cleared.body.user, ...access });
      expect(reread.body.user).toMatchObject({
        first_name: null,
        avatar_url: 'https://example.com/ada.png',
      });
    });

    it.each([
      ['a javascript: avatar URL', { avatar_url: 'javascript:alert(1)' }, 'avatar_url'],
      ['nested metadata', { metadata: { nested: { no: 1 } } }, 'metadata'],
      [
        '51 metadata keys',
        { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
        'metadata',
      ],
      [
        'a metadata value over 1,000 characters',
        { metadata: { long: 'x'.repeat(1001) } },
        'metadata',
      ],
      ['an email (not editable here)', { email: 'new@example.com' }, 'email'],
    ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
      const response = await t.http
        .post(`/admin/users/${admin.id}`)
        .set(bearer(admin.token))
        .send(body)
        .expect(400);
      expect(response.body.type).toBe('invalid_data');
      expect(response.body.message).toContain(field);
    });

    it.each([
      // caller, target, status
      ['the admin', 'a developer', 200],
      ['the user manager', 'a viewer-less user', 200],
      ['the user manager', 'a developer', 403],
      ['a developer', 'another developer', 403],
    ] as const)("%s updating %s's profile answers %s", async (caller, target, status) => {
      const callers = { 'the admin': admin, 'the user manager': userManager };
      const by =
        callers[caller as keyof typeof callers] ??
        (await createAdmin(t, undefined, undefined, ['role_developer']));
      const roles = target === 'a viewer-less user' ? [] : ['role_developer'];
      const person = await createAdmin(t, undefined, undefined, roles);
      const response = await t.http
        .post(`/admin/users/${person.id}`)
        .set(bearer(by.token))
        .send({ last_name: 'Changed' });
      expect(response.status).toBe(status);
      if (status === 403) expect(response.body).toEqual(FORBIDDEN);
    });
  });

  describe('DELETE /admin/users/:id', () => {
    it('a login racing the deletion waits for it, and then has no user to act as', async () => {
      const person = await createAdmin(t, uniqueEmail('racer'), 'racer-password');
      // The deletion's first step, held open: the identity unlinked under its write lock.
      const deletion = new Client({ connectionString: t.databaseUrl });
      await deletion.connect();
      try {
        await deletion.query('BEGIN');
        await deletion.query(
          `UPDATE auth_identity SET app_metadata = app_metadata - 'user_id' WHERE app_metadata ->> 'user_id' = $1`,
          [person.id],
        );
        const racing = t.http
          .post('/auth/user/emailpass')
          .send({ email: person.email, password: person.password })
          .then((response) => response);
        // The login has checked the password (against the identity as committed) and now waits for the
        // lock to open its session.
        let waiting = false;
        for (let attempt = 0; attempt < 60 && !waiting; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const locks = await deletion.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          waiting = (locks.rows[0] as { n: number }).n > 0;
        }
        expect(waiting).toBe(true);
        await deletion.query(`UPDATE "user" SET deleted_at = now() WHERE id = $1`, [person.id]);
        await deletion.query('COMMIT');
        const login = await racing;
        expect(login.status).toBe(200);
        expect(decodeJwt(login.body.token as string)).toMatchObject({
          actor_id: '',
          app_metadata: {},
        });
        await t.http.get('/admin/users/me').set(bearer(login.body.token)).expect(401);
        await t.http
          .post('/cloud/organizations')
          .set(bearer(login.body.token))
          .send({ name: 'from beyond' })
          .expect(401);
      } finally {
        await deletion.end();
      }
    });

    /** A user with every way in Gatehouse gives: each is a request that works until they are deleted. */
    async function fullyEquippedUser() {
      const person = await createAdmin(t, uniqueEmail('doomed'), 'doomed-password', [
        'role_developer',
      ]);
      const second = await t.http
        .post('/auth/user/emailpass')
        .send({ email: person.email, password: person.password })
        .expect(200);
      const cookieResponse = await t.http
        .post('/auth/session')
        .set(bearer(second.body.token))
        .expect(200);
      const cookie = (cookieResponse.headers['set-cookie'] as unknown as string[])[0]!.split(
        ';',
      )[0]!;
      const secret = await createApiKey(t, person.token, 'secret', 'their integration');
      const publishable = await createApiKey(t, person.token, 'publishable', 'their storefront');
      const personal = await createAccessKey(t, person.token, undefined, 'their laptop');
      const orgId = await createOrganization(t, admin.token, `Org of ${person.email}`);
      await addMember(t, admin.token, orgId, person.email, 'admin');
      const orgKey = await createAccessKey(t, person.token, orgId, 'their CI');
      // The same email is also a customer: that login must survive.
      const customer = await t.http
        .post('/store/customers')
        .send({ email: person.email, password: person.password })
        .expect(200);
      const customerToken = await login(t, 'customer', person.email, person.password);
      const ways: Record<string, () => Promise<number>> = {
        'a JWT': () =>
          t.http
            .get('/admin/users/me')
            .set(bearer(person.token))
            .then((r) => r.status),
        'the session cookie': () =>
          t.http
            .get('/admin/users/me')
            .set('Cookie', cookie)
            .then((r) => r.status),
        'a refresh token': () =>
          t.http
            .post('/auth/token/refresh')
            .send({ refresh_token: second.body.refresh_token })
            .then((r) => r.status),
        'a secret API key': () =>
          t.http
            .get('/admin/users/me')
            .set('x-medusa-access-token', secret.token)
            .then((r) => r.status),
        'a secret API key as Basic': () =>
          t.http
            .get('/admin/users/me')
            .set('Authorization', `Basic ${Buffer.from(`${secret.token}:`).toString('base64')}`)
            .then((r) => r.status),
        'a personal access key': () =>
          t.http
            .get('/cloud/me')
            .set(bearer(personal.token))
            .then((r) => r.status),
        'an organization key they created': () =>
          t.http
            .get(`/cloud/organizations/${orgId}/projects`)
            .set(bearer(orgKey.token))
            .then((r) => r.status),
      };
      return {
        person,
        ways,
        publishable,
        customer,
        customerToken,
        secret,
        personal,
        orgKey,
        orgId,
      };
    }

    it('closes every way in at once, names what it revoked, and leaves the customer login and publishable keys', async () => {
      const { person, ways, publishable, customer, customerToken, secret, personal, orgKey } =
        await fullyEquippedUser();
      for (const [way, request] of Object.entries(ways))
        expect({ way, status: await request() }).toEqual({ way, status: 200 });

      const deletion = await t.http
        .delete(`/admin/users/${person.id}`)
        .set(bearer(admin.token))
        .expect(200);
      expect(deletion.body).toEqual({
        id: person.id,
        object: 'user',
        deleted: true,
        sessions_revoked: 2,
        revoked_keys: [
          {
            object: 'api_key',
            id: secret.id,
            name: 'their integration',
            redacted: secret.body.redacted,
          },
          {
            object: 'access_key',
            id: personal.id,
            name: 'their laptop',
            redacted: expect.any(String),
          },
        ],
        revoked_access_keys: [{ object: 'access_key', id: orgKey.id, name: 'their CI' }],
      });

      for (const [way, request] of Object.entries(ways))
        expect({ way, status: await request() }).toEqual({ way, status: 401 });
      // Their password now yields no admin: a token with no actor, refused by every admin route.
      const again = await login(t, 'user', person.email, person.password);
      expect(decodeJwt(again)).toMatchObject({ actor_id: '' });
      await t.http.get('/admin/users/me').set(bearer(again)).expect(401);
      await t.http.get(`/admin/users/${person.id}`).set(bearer(admin.token)).expect(404);

      // What acts as no one, and the customer login, survive.
      await t.http
        .get('/store/products')
        .set('x-publishable-api-key', publishable.token)
        .expect(200);
      const me = await t.http.get('/store/customers/me').set(bearer(customerToken)).expect(200);
      expect(me.body.customer.id).toBe(customer.body.customer.id);

      // The email may be invited again.
      await t.http
        .post('/admin/invites')
        .set(bearer(admin.token))
        .send({ email: person.email })
        .expect(200);
    });

    it.each([
      ['themself', 400, { type: 'not_allowed', message: 'A user cannot delete itself' }],
      ['someone holding a permission they lack', 403, FORBIDDEN],
    ] as const)('refuses a user deleting %s', async (target, status, body) => {
      const victim =
        target === 'themself'
          ? userManager
          : await createAdmin(t, undefined, undefined, ['role_developer']);
      const response = await t.http
        .delete(`/admin/users/${victim.id}`)
        .set(bearer(userManager.token))
        .expect(status);
      expect(response.body).toEqual(body);
      await t.http.get('/admin/users/me').set(bearer(victim.token)).expect(200);
    });

    it('refuses to delete the last owner of an organization (400)', async () => {
      const owner = await createAdmin(t, undefined, undefined, ['role_viewer']);
      const orgId = await createOrganization(t, owner.token, 'Owned');
      const refused = await t.http
        .delete(`/admin/users/${owner.id}`)
        .set(bearer(admin.token))
        .expect(400);
      expect(refused.body.message).toBe(
        `User ${owner.id} is the last owner of organization ${orgId}: make another member its owner first`,
      );
      await t.http.get('/admin/users/me').set(bearer(owner.token)).expect(200);
    });
  });

  describe('POST /admin/users/me/password', () => {
    it('signs out every other session (customer ones too), keeps this one, and lists my keys', async () => {
      const person = await createAdmin(t, uniqueEmail('changer'), 'old-password', [
        'role_developer',
      ]);
      const other = await login(t, 'user', person.email, 'old-password');
      await t.http
        .post('/store/customers')
        .send({ email: person.email, password: 'old-password' })
        .expect(200);
      const customer = await login(t, 'customer', person.email, 'old-password');
      const key = await createApiKey(t, person.token, 'secret', 'made with the old password');

      const changed = await t.http
        .post('/admin/users/me/password')
        .set(bearer(person.token))
        .send({ old_password: 'old-password', password: 'new-password' })
        .expect(200);
      expect(changed.body).toEqual({
        success: true,
        sessions_revoked: 2,
        keys_revoked: false,
        api_keys: [
          {
            object: 'api_key',
            id: key.id,
            name: 'made with the old password',
            redacted: key.body.redacted,
          },
        ],
        access_keys: [],
      });
      await t.http.get('/admin/users/me').set(bearer(person.token)).expect(200);
      await t.http.get('/admin/users/me').set(bearer(other)).expect(401);
      await t.http.get('/store/customers/me').set(bearer(customer)).expect(401);
      await t.http.get('/admin/users/me').set('x-medusa-access-token', key.token).expect(200);
      await login(t, 'user', person.email, 'new-password');
    });

    it('revokes my keys too with revoke_keys', async () => {
      const person = await createAdmin(t, uniqueEmail('recover'), 'old-password', [
        'role_developer',
      ]);
      const key = await createApiKey(t, person.token, 'secret', 'planted');
      const personal = await createAccessKey(t, person.token, undefined, 'planted too');
      const changed = await t.http
        .post('/admin/users/me/password')
        .set(bearer(person.token))
        .send({ old_password: 'old-password', password: 'new-password', revoke_keys: true })
        .expect(200);
      expect(changed.body).toMatchObject({ keys_revoked: true });
      expect(changed.body.access_keys.map((k: { id: string }) => k.id)).toEqual([personal.id]);
      await t.http.get('/admin/users/me').set('x-medusa-access-token', key.token).expect(401);
      await t.http.get('/cloud/me').set(bearer(personal.token)).expect(401);
    });

    it('checks the current password like a login: 400 when wrong, counted towards the lockout', async () => {
      const person = await createAdmin(t, uniqueEmail('guessed'), 'old-password');
      const change = (oldPassword: string) =>
        t.http
          .post('/admin/users/me/password')
          .set(bearer(person.token))
          .send({ old_password: oldPassword, password: 'new-password' });
      const wrong = await change('not-it').expect(400);
      expect(wrong.body).toEqual({ type: 'invalid_data', message: 'old_password is incorrect' });
      for (let i = 0; i < 9; i++) await change(`not-it-${i}`).expect(400);
      await change('old-password').expect(429);
      await t.http
        .post('/auth/user/emailpass')
        .send({ email: person.email, password: 'old-password' })
        .expect(429);
    });

    it('needs the person: an API key acting as them gets 401', async () => {
      const person = await createAdmin(t);
      const key = await createApiKey(t, person.token, 'secret');
      await t.http
        .post('/admin/users/me/password')
        .set('x-medusa-access-token', key.token)
        .send({ old_password: person.password, password: 'new-password' })
        .expect(401);
    });
  });
});

describe('The last admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('cannot be deleted, even by someone holding every permission', async () => {
    const only = await createAdmin(t);
    const permissions = (await t.http.get('/admin/roles/role_admin').set(bearer(only.token))).body
      .role.permissions;
    const role = await t.http
      .post('/admin/roles')
      .set(bearer(only.token))
      .send({ name: 'everything', permissions })
      .expect(200);
    const deputy = await createAdmin(t, undefined, undefined, [role.body.role.id]);
    const refused = await t.http
      .delete(`/admin/users/${only.id}`)
      .set(bearer(deputy.token))
      .expect(400);
    expect(refused.body).toEqual({ type: 'invalid_data', message: 'Cannot remove the last admin' });
    await t.http.get('/admin/users/me').set(bearer(only.token)).expect(200);
  });
});
