import { Client } from 'pg';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, type Actor } from '../helpers/factories';
import { addMember, bearer, createAccessKey, createOrganization } from '../helpers/organizations';

const FORBIDDEN = { type: 'not_allowed', message: 'Insufficient permissions' };

/**
 * Issue 19, invariant 2: an organization key never does more than the member behind it could, and stops
 * working when that member leaves, unless an owner or admin adopted it first.
 */
describe('Organization keys carry the role of the member behind them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A fresh organization with an owner, an admin and a member, each holding a key of their own. */
  async function organization() {
    const owner = await createAdmin(t);
    const admin = await createAdmin(t);
    const member = await createAdmin(t);
    const orgId = await createOrganization(t, owner.token, 'Rights');
    await addMember(t, owner.token, orgId, admin.email, 'admin');
    await addMember(t, owner.token, orgId, member.email, 'member');
    const people = { owner, admin, member };
    const keys = {
      owner: await createAccessKey(t, owner.token, orgId, "owner's CI"),
      admin: await createAccessKey(t, admin.token, orgId, "admin's CI"),
      member: await createAccessKey(t, member.token, orgId, "member's CI"),
    };
    return { orgId, people, keys };
  }

  const billing = (orgId: string, token: string) =>
    t.http.get(`/cloud/organizations/${orgId}/billing`).set(bearer(token));
  const projects = (orgId: string, token: string) =>
    t.http.get(`/cloud/organizations/${orgId}/projects`).set(bearer(token));

  describe.each([
    // creator, route, status
    ['owner', 'billing', 200],
    ['admin', 'billing', 200],
    ['member', 'billing', 403],
    ['owner', 'projects', 200],
    ['admin', 'projects', 200],
    ['member', 'projects', 200],
  ] as const)("a key created by the organization's %s, on %s", (creator, route, status) => {
    it(`answers ${status}`, async () => {
      const { orgId, keys } = await organization();
      const response = await (route === 'billing' ? billing : projects)(orgId, keys[creator].token);
      expect(response.status).toBe(status);
      if (status === 403) expect(response.body).toEqual(FORBIDDEN);
    });
  });

  it("follows its creator's role changes from the very next request (its cached role is evicted)", async () => {
    const { orgId, people, keys } = await organization();
    await billing(orgId, keys.member.token).expect(403);
    await billing(orgId, keys.admin.token).expect(200);
    const setRole = (person: Actor, role: string) =>
      t.http
        .patch(`/cloud/organizations/${orgId}/members/${person.id}`)
        .set(bearer(people.owner.token))
        .send({ role })
        .expect(200);
    await setRole(people.member, 'admin');
    await setRole(people.admin, 'member');
    await billing(orgId, keys.member.token).expect(200);
    await billing(orgId, keys.admin.token).expect(403);
  });

  describe.each([
    // who goes, how
    ['member', 'leaves'],
    ['member', 'is removed by the owner'],
    ['admin', 'is removed by the owner'],
  ] as const)('when the %s %s', (who, how) => {
    it('their keys stop at once, are listed in the answer and audited; the others keep working', async () => {
      const { orgId, people, keys } = await organization();
      await projects(orgId, keys[who].token).expect(200);
      const by = how === 'leaves' ? people[who] : people.owner;
      const removal = await t.http
        .delete(`/cloud/organizations/${orgId}/members/${people[who].id}`)
        .set(bearer(by.token))
        .expect(200);
      expect(removal.body).toEqual({
        id: people[who].id,
        object: 'organization_member',
        deleted: true,
        revoked_access_keys: [{ object: 'access_key', id: keys[who].id, name: `${who}'s CI` }],
      });
      await projects(orgId, keys[who].token).expect(401);
      for (const other of (['owner', 'admin', 'member'] as const).filter((o) => o !== who))
        await projects(orgId, keys[other].token).expect(200);
      const listed = await t.http
        .get(`/cloud/organizations/${orgId}/access-keys`)
        .set(bearer(people.owner.token))
        .expect(200);
      expect(listed.body.access_keys.map((key: { id: string }) => key.id)).not.toContain(
        keys[who].id,
      );
      const events = await t.http
        .get(`/cloud/organizations/${orgId}/audit-events`)
        .query({ action: 'access_key.revoke', target_id: keys[who].id })
        .set(bearer(people.owner.token))
        .expect(200);
      expect(events.body.audit_events).toHaveLength(1);
      expect(events.body.audit_events[0].metadata).toMatchObject({
        reason: how === 'leaves' ? 'member_left' : 'member_removed',
      });
    });
  });

  it("an adopted key survives its creator's departure and carries its adopter's role", async () => {
    const { orgId, people, keys } = await organization();
    const adopted = await t.http
      .post(`/cloud/organizations/${orgId}/access-keys/${keys.member.id}/adopt`)
      .set(bearer(people.owner.token))
      .expect(200);
    expect(adopted.body.access_key).toMatchObject({
      id: keys.member.id,
      created_by: people.member.id,
      adopted_by: people.owner.id,
    });
    await billing(orgId, keys.member.token).expect(200);
    const removal = await t.http
      .delete(`/cloud/organizations/${orgId}/members/${people.member.id}`)
      .set(bearer(people.owner.token))
      .expect(200);
    expect(removal.body.revoked_access_keys).toEqual([]);
    await billing(orgId, keys.member.token).expect(200);
    // The list still names its creator, until that user is deleted; the key carries on.
    const creatorOf = async () =>
      (
        await t.http
          .get(`/cloud/organizations/${orgId}/access-keys`)
          .set(bearer(people.owner.token))
          .expect(200)
      ).body.access_keys.find((key: { id: string }) => key.id === keys.member.id)?.created_by_email;
    expect(await creatorOf()).toBe(people.member.email);
    await t.http
      .delete(`/admin/users/${people.member.id}`)
      .set(bearer(people.owner.token))
      .expect(200);
    expect(await creatorOf()).toBeNull();
    await billing(orgId, keys.member.token).expect(200);

    // Adopted by the admin instead, the owner's key carries the admin's role, and goes with the admin.
    await t.http
      .post(`/cloud/organizations/${orgId}/access-keys/${keys.owner.id}/adopt`)
      .set(bearer(people.admin.token))
      .expect(200);
    const gone = await t.http
      .delete(`/cloud/organizations/${orgId}/members/${people.admin.id}`)
      .set(bearer(people.owner.token))
      .expect(200);
    expect(gone.body.revoked_access_keys.map((key: { id: string }) => key.id).sort()).toEqual(
      [keys.admin.id, keys.owner.id].sort(),
    );
    await projects(orgId, keys.owner.token).expect(401);
  });

  it('a key whose creator left before these rules (no revocation) is refused, and adopting restores it', async () => {
    const { orgId, people, keys } = await organization();
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    await client.query(
      'DELETE FROM organization_member WHERE organization_id = $1 AND user_id = $2',
      [orgId, people.member.id],
    );
    await client.end();
    await projects(orgId, keys.member.token).expect(401);
    await t.http
      .post(`/cloud/organizations/${orgId}/access-keys/${keys.member.id}/adopt`)
      .set(bearer(people.admin.token))
      .expect(200);
    await projects(orgId, keys.member.token).expect(200);
    await billing(orgId, keys.member.token).expect(200);
  });

  it.each([
    ['a plain member', 'member', 403],
    ['an access key, even the owner’s', 'ownerKey', 403],
    ['a stranger', 'stranger', 404],
  ] as const)('%s cannot adopt a key', async (_who, caller, status) => {
    const { orgId, people, keys } = await organization();
    const stranger = await createAdmin(t);
    const token = {
      member: people.member.token,
      ownerKey: (await createAccessKey(t, people.owner.token)).token,
      stranger: stranger.token,
    }[caller];
    await t.http
      .post(`/cloud/organizations/${orgId}/access-keys/${keys.admin.id}/adopt`)
      .set(bearer(token))
      .expect(status);
    const listed = await t.http
      .get(`/cloud/organizations/${orgId}/access-keys`)
      .set(bearer(people.owner.token))
      .expect(200);
    const key = listed.body.access_keys.find((k: { id: string }) => k.id === keys.admin.id);
    expect(key.adopted_by).toBeNull();
  });

  it('refusals in an organization are recorded in its audit trail', async () => {
    const { orgId, people, keys } = await organization();
    await billing(orgId, keys.member.token).expect(403);
    await billing(orgId, people.member.token).expect(403);
    const events = await t.http
      .get(`/cloud/organizations/${orgId}/audit-events`)
      .query({ action: 'permission.denied' })
      .set(bearer(people.owner.token))
      .expect(200);
    expect(
      events.body.audit_events.map((event: { auth_method: string; metadata: object }) => [
        event.auth_method,
        event.metadata,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['access-key', { attempted: 'organization.billing' }],
        ['bearer', { attempted: 'organization.billing' }],
      ]),
    );
  });

  it('project and environment changes are audited', async () => {
    const { orgId, people, keys } = await organization();
    const project = await t.http
      .post(`/cloud/organizations/${orgId}/projects`)
      .set(bearer(keys.member.token))
      .send({ name: 'Storefront' })
      .expect(200);
    const projectId = project.body.project.id as string;
    const environment = await t.http
      .post(`/cloud/organizations/${orgId}/projects/${projectId}/environments`)
      .set(bearer(people.member.token))
      .send({ name: 'staging' })
      .expect(200);
    await t.http
      .delete(`/cloud/organizations/${orgId}/projects/${projectId}`)
      .set(bearer(people.admin.token))
      .expect(200);
    const events = await t.http
      .get(`/cloud/organizations/${orgId}/audit-events?limit=100`)
      .set(bearer(people.owner.token))
      .expect(200);
    expect(
      events.body.audit_events
        .filter((event: { action: string }) => /^(project|environment)\./.test(event.action))
        .map((event: { action: string; target_id: string; credential_id: string | null }) => [
          event.action,
          event.target_id,
          event.credential_id,
        ]),
    ).toEqual([
      ['project.create', projectId, keys.member.id],
      ['environment.create', environment.body.environment.id, null],
      ['project.delete', projectId, null],
    ]);
  });
});
