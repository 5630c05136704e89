import { Client } from 'pg';
import { queriesDuring, startTestApp, TestApp } from '../helpers/app';
import { createAdmin, type Actor } from '../helpers/factories';
import { addMember, bearer, createAccessKey, createOrganization } from '../helpers/organizations';

const UNAUTHORIZED = { type: 'unauthorized', message: 'Authentication required' };
const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };

describe('Access keys (seed: Access Keys)', () => {
  let t: TestApp;
  let owner: Actor;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://console.example.com' } });
    owner = await createAdmin(t);
    orgId = await createOrganization(t, owner.token);
  });
  afterAll(() => t.close());

  const orgKeys = () => `/cloud/organizations/${orgId}/access-keys`;

  describe('organization access keys: view, create, rename, delete', () => {
    it('create: the token is displayed once, with its name; view: name, redacted preview, dates, never the token', async () => {
      const created = await t.http
        .post(orgKeys())
        .set(bearer(owner.token))
        .send({ name: 'Deploy from CI' })
        .expect(200);
      const key = created.body.access_key;
      expect(key).toMatchObject({
        name: 'Deploy from CI',
        owner: 'organization',
        organization_id: orgId,
        created_by: owner.id,
        created_by_email: owner.email,
        last_used_at: null,
      });
      expect(key.id).toMatch(/^ak_[0-9A-Z]{26}$/);
      expect(key.token).toMatch(/^oak_[0-9A-Za-z]{49}$/);
      expect(key.redacted).toBe(`oak_${key.token.slice(4, 8)}…${key.token.slice(-4)}`);

      const list = await t.http.get(orgKeys()).set(bearer(owner.token)).expect(200);
      const listed = list.body.access_keys.find((k: { id: string }) => k.id === key.id);
      expect(Object.keys(listed).sort()).toEqual(
        [
          'adopted_by',
          'created_at',
          'created_by',
          'created_by_email',
          'id',
          'last_used_at',
          'name',
          'organization_id',
          'owner',
          'redacted',
        ].sort(),
      );
      expect(JSON.stringify(list.body)).not.toContain(key.token);
    });

    it('the key reaches its organization: projects, environments and billing', async () => {
      const key = await createAccessKey(t, owner.token, orgId);
      const project = await t.http
        .post(`/cloud/organizations/${orgId}/projects`)
        .set(bearer(key.token))
        .send({ name: 'storefront' })
        .expect(200);
      await t.http
        .post(`/cloud/organizations/${orgId}/projects/${project.body.project.id}/environments`)
        .set(bearer(key.token))
        .send({ name: 'production' })
        .expect(200);
      const billing = await t.http
        .get(`/cloud/organizations/${orgId}/billing`)
        .set(bearer(key.token))
        .expect(200);
      expect(billing.body).toEqual({ billing: { plan: 'free', seats_used: 1 } });
      const orgs = await t.http.get('/cloud/organizations').set(bearer(key.token)).expect(200);
      expect(
        orgs.body.organizations.map((o: { id: string; role: string }) => [o.id, o.role]),
      ).toEqual([[orgId, 'organization_key']]);
    });

    it('rename: the new name is listed; duplicate names are allowed; names are trimmed, 1 to 100 characters', async () => {
      const first = await createAccessKey(t, owner.token, orgId, 'same');
      const second = await createAccessKey(t, owner.token, orgId, 'same');
      const renamed = await t.http
        .patch(`${orgKeys()}/${first.id}`)
        .set(bearer(owner.token))
        .send({ name: '  renamed key  ' })
        .expect(200);
      expect(renamed.body.access_key).toMatchObject({ id: first.id, name: 'renamed key' });
      expect(renamed.body.access_key.token).toBeUndefined();
      const names = (await t.http.get(orgKeys()).set(bearer(owner.token))).body.access_keys
        .filter((k: { id: string }) => [first.id, second.id].includes(k.id))
        .map((k: { name: string }) => k.name);
      expect(names).toEqual(['renamed key', 'same']);
      for (const name of ['   ', 'x'.repeat(101)]) {
        await t.http
          .patch(`${orgKeys()}/${first.id}`)
          .set(bearer(owner.token))
          .send({ name })
          .expect(400);
      }
      await t.http.post(orgKeys()).set(bearer(owner.token)).send({}).expect(400);
    });

    it('delete: immediately revokes the key (the next request gets 401) and it leaves the list', async () => {
      const key = await createAccessKey(t, owner.token, orgId);
      await t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(key.token)).expect(200);
      const deleted = await t.http
        .delete(`${orgKeys()}/${key.id}`)
        .set(bearer(owner.token))
        .expect(200);
      expect(deleted.body).toEqual({ id: key.id, object: 'access_key', deleted: true });
      const refused = await t.http
        .get(`/cloud/organizations/${orgId}/projects`)
        .set(bearer(key.token))
        .expect(401);
      expect(refused.body).toEqual(UNAUTHORIZED);
      const list = await t.http.get(orgKeys()).set(bearer(owner.token)).expect(200);
      expect(list.body.access_keys.map((k: { id: string }) => k.id)).not.toContain(key.id);
      await t.http.delete(`${orgKeys()}/${key.id}`).set(bearer(owner.token)).expect(404);
    });

    it('any member may manage them; a non-member gets 404 for the organization', async () => {
      const member = await createAdmin(t);
      await addMember(t, owner.token, orgId, member.email);
      const key = await createAccessKey(t, member.token, orgId, 'member made');
      await t.http
        .patch(`${orgKeys()}/${key.id}`)
        .set(bearer(owner.token))
        .send({ name: 'owner renamed' })
        .expect(200);
      await t.http.delete(`${orgKeys()}/${key.id}`).set(bearer(member.token)).expect(200);

      const outsider = await createAdmin(t);
      const response = await t.http.get(orgKeys()).set(bearer(outsider.token)).expect(404);
      expect(response.body).toEqual({
        type: 'not_found',
        message: `Organization with id: ${orgId} was not found`,
      });
      await t.http.post(orgKeys()).set(bearer(outsider.token)).send({ name: 'x' }).expect(404);
    });

    it('an organization key on another organization gets 404', async () => {
      const key = await createAccessKey(t, owner.token, orgId);
      const otherOrg = await createOrganization(t, owner.token, 'Other');
      for (const path of ['', '/projects', '/billing', '/access-keys']) {
        await t.http
          .get(`/cloud/organizations/${otherOrg}${path}`)
          .set(bearer(key.token))
          .expect(404);
      }
    });

    it('an organization key has no "me" and no Admin API', async () => {
      const key = await createAccessKey(t, owner.token, orgId);
      await t.http.get('/cloud/me').set(bearer(key.token)).expect(401);
      await t.http.get('/cloud/me/access-keys').set(bearer(key.token)).expect(401);
      await t.http.get('/admin/users/me').set(bearer(key.token)).expect(401);
    });
  });

  describe('personal access keys: view, create, rename, delete', () => {
    it('create (token once), view (never the token), rename, delete (401 at once)', async () => {
      const me = await createAdmin(t);
      const created = await t.http
        .post('/cloud/me/access-keys')
        .set(bearer(me.token))
        .send({ name: 'laptop CLI' })
        .expect(200);
      const key = created.body.access_key;
      expect(key).toMatchObject({
        name: 'laptop CLI',
        owner: 'personal',
        organization_id: null,
        created_by: me.id,
        created_by_email: me.email,
      });
      expect(key.token).toMatch(/^pak_[0-9A-Za-z]{49}$/);

      const viaKey = await t.http.get('/cloud/me').set(bearer(key.token)).expect(200);
      expect(viaKey.body.user).toMatchObject({ id: me.id, email: me.email });

      const list = await t.http.get('/cloud/me/access-keys').set(bearer(me.token)).expect(200);
      expect(
        list.body.access_keys.map((k: { id: string; name: string }) => [k.id, k.name]),
      ).toEqual([[key.id, 'laptop CLI']]);
      expect(JSON.stringify(list.body)).not.toContain(key.token);

      await t.http
        .patch(`/cloud/me/access-keys/${key.id}`)
        .set(bearer(me.token))
        .send({ name: 'old laptop' })
        .expect(200);
      const renamed = await t.http.get('/cloud/me/access-keys').set(bearer(me.token)).expect(200);
      expect(renamed.body.access_keys[0].name).toBe('old laptop');

      await t.http.delete(`/cloud/me/access-keys/${key.id}`).set(bearer(me.token)).expect(200);
      await t.http.get('/cloud/me').set(bearer(key.token)).expect(401);
      expect(
        (await t.http.get('/cloud/me/access-keys').set(bearer(me.token))).body.access_keys,
      ).toEqual([]);
    });

    it("acts as its owner in every organization they belong to now, with the owner's role", async () => {
      const me = await createAdmin(t);
      const mine = await createOrganization(t, me.token, 'Mine');
      await addMember(t, owner.token, orgId, me.email);
      const key = await createAccessKey(t, me.token);
      const orgs = await t.http.get('/cloud/organizations').set(bearer(key.token)).expect(200);
      expect(
        orgs.body.organizations.map((o: { id: string; role: string }) => [o.id, o.role]).sort(),
      ).toEqual(
        [
          [orgId, 'member'],
          [mine, 'owner'],
        ].sort(),
      );
      await t.http.get(`/cloud/organizations/${mine}/billing`).set(bearer(key.token)).expect(200);
      const denied = await t.http
        .get(`/cloud/organizations/${orgId}/billing`)
        .set(bearer(key.token))
        .expect(403);
      expect(denied.body).toEqual(FORBIDDEN);
    });

    it('after its owner leaves an organization, the key gets 404 there (and still works elsewhere)', async () => {
      const me = await createAdmin(t);
      await addMember(t, owner.token, orgId, me.email);
      const key = await createAccessKey(t, me.token);
      await t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(key.token)).expect(200);
      await t.http
        .delete(`/cloud/organizations/${orgId}/members/${me.id}`)
        .set(bearer(owner.token))
        .expect(200);
      await t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(key.token)).expect(404);
      await t.http.get('/cloud/me').set(bearer(key.token)).expect(200);
    });

    it("user A's key is never listed, renamed or deleted by user B", async () => {
      const a = await createAdmin(t);
      const b = await createAdmin(t);
      const key = await createAccessKey(t, a.token, undefined, 'A only');
      const list = await t.http.get('/cloud/me/access-keys').set(bearer(b.token)).expect(200);
      expect(list.body.access_keys).toEqual([]);
      await t.http
        .patch(`/cloud/me/access-keys/${key.id}`)
        .set(bearer(b.token))
        .send({ name: 'stolen' })
        .expect(404);
      await t.http.delete(`/cloud/me/access-keys/${key.id}`).set(bearer(b.token)).expect(404);
      await t.http.get('/cloud/me').set(bearer(key.token)).expect(200);
      const aList = await t.http.get('/cloud/me/access-keys').set(bearer(a.token)).expect(200);
      expect(aList.body.access_keys[0].name).toBe('A only');
    });

    it('deleting a user revokes all their personal keys', async () => {
      const doomed = await createAdmin(t);
      const keys = [await createAccessKey(t, doomed.token), await createAccessKey(t, doomed.token)];
      const client = new Client({ connectionString: t.databaseUrl });
      await client.connect();
      await client.query('UPDATE "user" SET deleted_at = now() WHERE id = $1', [doomed.id]);
      await client.end();
      for (const key of keys) await t.http.get('/cloud/me').set(bearer(key.token)).expect(401);
    });
  });

  describe('what an access key may not do', () => {
    it('cannot create, rename or delete access keys (403 not_allowed), but may list them', async () => {
      const orgKey = await createAccessKey(t, owner.token, orgId);
      const personal = await createAccessKey(t, owner.token);
      for (const token of [orgKey.token, personal.token]) {
        const create = await t.http
          .post(orgKeys())
          .set(bearer(token))
          .send({ name: 'minted by a key' })
          .expect(403);
        expect(create.body).toEqual(FORBIDDEN);
        await t.http
          .patch(`${orgKeys()}/${orgKey.id}`)
          .set(bearer(token))
          .send({ name: 'x' })
          .expect(403);
        await t.http.delete(`${orgKeys()}/${orgKey.id}`).set(bearer(token)).expect(403);
        await t.http.get(orgKeys()).set(bearer(token)).expect(200);
      }
      await t.http
        .post('/cloud/me/access-keys')
        .set(bearer(personal.token))
        .send({ name: 'x' })
        .expect(403);
      await t.http
        .patch(`/cloud/me/access-keys/${personal.id}`)
        .set(bearer(personal.token))
        .send({ name: 'x' })
        .expect(403);
      await t.http
        .delete(`/cloud/me/access-keys/${personal.id}`)
        .set(bearer(personal.token))
        .expect(403);
      await t.http.get('/cloud/me').set(bearer(personal.token)).expect(200);
    });

    it('cannot manage members, even as an owner', async () => {
      const personal = await createAccessKey(t, owner.token);
      const orgKey = await createAccessKey(t, owner.token, orgId);
      const someone = await createAdmin(t);
      for (const token of [personal.token, orgKey.token]) {
        await t.http
          .post(`/cloud/organizations/${orgId}/members`)
          .set(bearer(token))
          .send({ email: someone.email })
          .expect(403);
        await t.http
          .delete(`/cloud/organizations/${orgId}/members/${owner.id}`)
          .set(bearer(token))
          .expect(403);
      }
    });

    it('a mistyped key gets 401 without a database read', async () => {
      const key = await createAccessKey(t, owner.token, orgId);
      const i = 30;
      const mistyped =
        key.token.slice(0, i) + (key.token[i] === 'a' ? 'b' : 'a') + key.token.slice(i + 1);
      const keyReads = (sql: string[]) =>
        sql.filter((statement) => statement.includes('access_key'));
      const refused = await queriesDuring(async () => {
        const response = await t.http
          .get(`/cloud/organizations/${orgId}/projects`)
          .set(bearer(mistyped))
          .expect(401);
        expect(response.body).toEqual(UNAUTHORIZED);
      });
      expect(keyReads(refused)).toEqual([]);
      const accepted = await queriesDuring(() =>
        t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(key.token)).expect(200),
      );
      expect(keyReads(accepted)).not.toEqual([]);
    });

    it('is refused on the Admin API, like any non-admin credential', async () => {
      const personal = await createAccessKey(t, owner.token);
      await t.http.get('/admin/products').set(bearer(personal.token)).expect(401);
    });
  });

  it('records last_used_at', async () => {
    const key = await createAccessKey(t, owner.token, orgId, 'tracked');
    await t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(key.token)).expect(200);
    let lastUsed: string | null = null;
    for (let i = 0; i < 50 && !lastUsed; i++) {
      const list = await t.http.get(orgKeys()).set(bearer(owner.token));
      lastUsed = list.body.access_keys.find((k: { id: string }) => k.id === key.id).last_used_at;
      if (!lastUsed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(typeof lastUsed).toBe('string');
  });

  describe('the session cookie (the console) on the Cloud API', () => {
    let cookie: string;
    const CONSOLE = 'https://console.example.com';

    beforeAll(async () => {
      const session = await t.http.post('/auth/session').set(bearer(owner.token)).expect(200);
      cookie = ([] as string[]).concat(session.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '';
      expect(cookie).toMatch(/^gatehouse_session=/);
    });

    it('reads, creates, renames and deletes keys in person, from an allowed origin', async () => {
      await t.http.get(orgKeys()).set('Cookie', cookie).expect(200);
      const created = await t.http
        .post('/cloud/me/access-keys')
        .set({ Cookie: cookie, Origin: CONSOLE })
        .send({ name: 'from the console' })
        .expect(200);
      const { id, token } = created.body.access_key;
      await t.http
        .patch(`/cloud/me/access-keys/${id}`)
        .set({ Cookie: cookie, Origin: CONSOLE })
        .send({ name: 'renamed' })
        .expect(200);
      await t.http
        .delete(`/cloud/me/access-keys/${id}`)
        .set({ Cookie: cookie, Origin: CONSOLE })
        .expect(200);
      await t.http.get('/cloud/me').set(bearer(token)).expect(401);
    });

    it.each([
      ['another origin', { Origin: 'https://evil.example' }],
      ['no origin at all', {}],
    ])('refuses a change by cookie from %s (CSRF)', async (_case, headers) => {
      const response = await t.http
        .post(orgKeys())
        .set({ Cookie: cookie, ...headers })
        .send({ name: 'forged' })
        .expect(403);
      expect(response.body.type).toBe('not_allowed');
      const keys = await t.http.get(orgKeys()).set(bearer(owner.token)).expect(200);
      expect(keys.body.access_keys.map((k: { name: string }) => k.name)).not.toContain('forged');
    });
  });
});
