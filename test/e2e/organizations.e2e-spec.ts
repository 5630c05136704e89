import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, createCustomer, uniqueEmail, type Actor } from '../helpers/factories';
import { addMember, bearer, createAccessKey, createOrganization } from '../helpers/organizations';

const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };
const LAST_OWNER = {
  type: 'invalid_data',
  message: 'An organization must keep at least one owner',
};

describe('Organizations, members, projects, environments, billing', () => {
  let t: TestApp;
  let owner: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('the creator becomes owner; lists show only my organizations; others get 404', async () => {
    const created = await t.http
      .post('/cloud/organizations')
      .set(bearer(owner.token))
      .send({ name: '  Acme  ' })
      .expect(200);
    const org = created.body.organization;
    expect(org).toMatchObject({ name: 'Acme', plan: 'free', role: 'owner' });
    expect(org.id).toMatch(/^org_[0-9A-Z]{26}$/);

    const outsider = await createAdmin(t);
    await createOrganization(t, outsider.token, 'Elsewhere');
    const mine = await t.http.get('/cloud/organizations').set(bearer(owner.token)).expect(200);
    expect(mine.body.organizations.map((o: { id: string }) => o.id)).toContain(org.id);
    const theirs = await t.http.get('/cloud/organizations').set(bearer(outsider.token)).expect(200);
    expect(theirs.body.organizations.map((o: { name: string }) => o.name)).toEqual(['Elsewhere']);
    await t.http.get(`/cloud/organizations/${org.id}`).set(bearer(outsider.token)).expect(404);
    await t.http.get('/cloud/organizations/org_nope').set(bearer(owner.token)).expect(404);
  });

  it('owners and admins rename an organization in person; members, keys and outsiders cannot', async () => {
    const orgId = await createOrganization(t, owner.token, 'Old name');
    const admin = await createAdmin(t);
    const member = await createAdmin(t);
    const outsider = await createAdmin(t);
    await addMember(t, owner.token, orgId, admin.email, 'admin');
    await addMember(t, owner.token, orgId, member.email, 'member');
    const ownerKey = await createAccessKey(t, owner.token, orgId);
    const personalKey = await createAccessKey(t, owner.token);
    const rename = (headers: Record<string, string>, name: string) =>
      t.http.patch(`/cloud/organizations/${orgId}`).set(headers).send({ name });

    const renamed = await rename(bearer(owner.token), '  New name ').expect(200);
    expect(renamed.body.organization).toMatchObject({ id: orgId, name: 'New name', role: 'owner' });
    await rename(bearer(admin.token), 'By the admin').expect(200);
    for (const [who, headers, status] of [
      ['a member', bearer(member.token), 403],
      ["the owner's organization key", bearer(ownerKey.token), 403],
      ["the owner's personal key", bearer(personalKey.token), 403],
      ['an outsider', bearer(outsider.token), 404],
    ] as const) {
      const response = await rename(headers, `by ${who}`);
      expect({ who, status: response.status }).toEqual({ who, status });
    }
    await rename(bearer(owner.token), '').expect(400);
    const after = await t.http.get(`/cloud/organizations/${orgId}`).set(bearer(member.token));
    expect(after.body.organization.name).toBe('By the admin');
    const trail = await t.http
      .get(`/cloud/organizations/${orgId}/audit-events?action=organization.update`)
      .set(bearer(owner.token))
      .expect(200);
    expect(trail.body.audit_events.map((e: { metadata: unknown }) => e.metadata)).toEqual(
      expect.arrayContaining([{ from: 'Old name', to: 'New name' }]),
    );
  });

  it('a customer token is not a cloud credential', async () => {
    const customer = await createCustomer(t);
    await t.http.get('/cloud/organizations').set(bearer(customer.token)).expect(401);
  });

  describe('members', () => {
    let orgId: string;
    let admin: Actor;
    let member: Actor;
    beforeAll(async () => {
      orgId = await createOrganization(t, owner.token, 'Members Inc');
      admin = await createAdmin(t);
      member = await createAdmin(t);
      await addMember(t, owner.token, orgId, admin.email, 'admin');
      await addMember(t, admin.token, orgId, member.email);
    });
    const members = () => `/cloud/organizations/${orgId}/members`;

    it('lists members with their roles', async () => {
      const list = await t.http.get(members()).set(bearer(member.token)).expect(200);
      expect(
        list.body.members.map((m: { user_id: string; role: string }) => [m.user_id, m.role]),
      ).toEqual([
        [owner.id, 'owner'],
        [admin.id, 'admin'],
        [member.id, 'member'],
      ]);
      expect(list.body.members[0]).toMatchObject({ email: owner.email });
      expect(list.body.count).toBe(3);
    });

    it('adds an existing user by email: 404 for an unknown email, 409 for a member, 403 for a plain member', async () => {
      const unknown = await t.http
        .post(members())
        .set(bearer(owner.token))
        .send({ email: uniqueEmail('ghost') })
        .expect(404);
      expect(unknown.body.type).toBe('not_found');
      const duplicate = await t.http
        .post(members())
        .set(bearer(owner.token))
        .send({ email: member.email })
        .expect(409);
      expect(duplicate.body.type).toBe('duplicate_error');
      const someone = await createAdmin(t);
      const denied = await t.http
        .post(members())
        .set(bearer(member.token))
        .send({ email: someone.email })
        .expect(403);
      expect(denied.body).toEqual(FORBIDDEN);
    });

    it('only owners grant or remove the owner role', async () => {
      const someone = await createAdmin(t);
      await t.http
        .post(members())
        .set(bearer(admin.token))
        .send({ email: someone.email, role: 'owner' })
        .expect(403);
      await t.http
        .patch(`${members()}/${owner.id}`)
        .set(bearer(admin.token))
        .send({ role: 'member' })
        .expect(403);
      await t.http.delete(`${members()}/${owner.id}`).set(bearer(admin.token)).expect(403);
      const promoted = await t.http
        .patch(`${members()}/${member.id}`)
        .set(bearer(owner.token))
        .send({ role: 'owner' })
        .expect(200);
      expect(promoted.body.member).toMatchObject({ user_id: member.id, role: 'owner' });
      await t.http
        .patch(`${members()}/${member.id}`)
        .set(bearer(owner.token))
        .send({ role: 'member' })
        .expect(200);
    });

    it('always keeps one owner: the last owner can neither be demoted nor leave', async () => {
      const demote = await t.http
        .patch(`${members()}/${owner.id}`)
        .set(bearer(owner.token))
        .send({ role: 'admin' })
        .expect(400);
      expect(demote.body).toEqual(LAST_OWNER);
      const leave = await t.http
        .delete(`${members()}/${owner.id}`)
        .set(bearer(owner.token))
        .expect(400);
      expect(leave.body).toEqual(LAST_OWNER);
    });

    it('two owners demoting each other at once leave exactly one owner', async () => {
      const org = await createOrganization(t, owner.token, 'Race');
      const second = await createAdmin(t);
      await addMember(t, owner.token, org, second.email, 'owner');
      const [a, b] = await Promise.all([
        t.http
          .patch(`/cloud/organizations/${org}/members/${second.id}`)
          .set(bearer(owner.token))
          .send({ role: 'member' }),
        t.http
          .patch(`/cloud/organizations/${org}/members/${owner.id}`)
          .set(bearer(second.token))
          .send({ role: 'member' }),
      ]);
      // Each caller's role is read under the organization's lock: whoever comes second has just been
      // demoted to member, and a member changes no roles.
      expect([a.status, b.status].sort()).toEqual([200, 403]);
      const list = await t.http
        .get(`/cloud/organizations/${org}/members`)
        .set(bearer(owner.token))
        .expect(200);
      expect(list.body.members.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
    });

    it('a member may leave; admins remove members; 400 for an unknown role', async () => {
      const leaver = await createAdmin(t);
      const removed = await createAdmin(t);
      await addMember(t, owner.token, orgId, leaver.email);
      await addMember(t, owner.token, orgId, removed.email);
      await t.http.delete(`${members()}/${leaver.id}`).set(bearer(leaver.token)).expect(200);
      await t.http.get(`/cloud/organizations/${orgId}`).set(bearer(leaver.token)).expect(404);
      await t.http.delete(`${members()}/${removed.id}`).set(bearer(admin.token)).expect(200);
      await t.http.delete(`${members()}/${removed.id}`).set(bearer(admin.token)).expect(404);
      await t.http
        .patch(`${members()}/${member.id}`)
        .set(bearer(owner.token))
        .send({ role: 'god' })
        .expect(400);
    });

    it('billing is for owners and admins: a member gets 403 not_allowed', async () => {
      const billing = await t.http
        .get(`/cloud/organizations/${orgId}/billing`)
        .set(bearer(admin.token))
        .expect(200);
      expect(billing.body.billing).toEqual({ plan: 'free', seats_used: 3 });
      const denied = await t.http
        .get(`/cloud/organizations/${orgId}/billing`)
        .set(bearer(member.token))
        .expect(403);
      expect(denied.body).toEqual(FORBIDDEN);
    });
  });

  describe('projects and environments', () => {
    it('CRUD under an organization, with a JWT or the organization key; never across organizations', async () => {
      const orgId = await createOrganization(t, owner.token, 'Builders');
      const key = await createAccessKey(t, owner.token, orgId);
      const base = `/cloud/organizations/${orgId}/projects`;

      const project = (
        await t.http.post(base).set(bearer(key.token)).send({ name: 'web' }).expect(200)
      ).body.project;
      expect(project).toMatchObject({ organization_id: orgId, name: 'web' });
      expect(project.id).toMatch(/^proj_/);
      const renamed = await t.http
        .patch(`${base}/${project.id}`)
        .set(bearer(owner.token))
        .send({ name: 'storefront' })
        .expect(200);
      expect(renamed.body.project.name).toBe('storefront');

      const envs = `${base}/${project.id}/environments`;
      const env = (
        await t.http.post(envs).set(bearer(owner.token)).send({ name: 'staging' }).expect(200)
      ).body.environment;
      expect(env).toMatchObject({ project_id: project.id, name: 'staging' });
      await t.http
        .patch(`${envs}/${env.id}`)
        .set(bearer(key.token))
        .send({ name: 'production' })
        .expect(200);
      const listed = await t.http.get(envs).set(bearer(key.token)).expect(200);
      expect(listed.body).toMatchObject({
        count: 1,
        environments: [{ id: env.id, name: 'production' }],
      });

      const other = await createOrganization(t, owner.token, 'Other');
      await t.http
        .get(`/cloud/organizations/${other}/projects/${project.id}`)
        .set(bearer(owner.token))
        .expect(404);
      await t.http
        .get(`/cloud/organizations/${other}/projects/${project.id}/environments`)
        .set(bearer(owner.token))
        .expect(404);

      await t.http.delete(`${envs}/${env.id}`).set(bearer(owner.token)).expect(200);
      const deleted = await t.http
        .delete(`${base}/${project.id}`)
        .set(bearer(key.token))
        .expect(200);
      expect(deleted.body).toEqual({ id: project.id, object: 'project', deleted: true });
      await t.http.get(`${base}/${project.id}`).set(bearer(owner.token)).expect(404);
      expect((await t.http.get(base).set(bearer(owner.token))).body.projects).toEqual([]);
    });
  });
});
