import { Client } from 'pg';
import { startTestApp, TestApp } from '../helpers/app';
import { createApiKey } from '../helpers/api-keys';
import { createAdmin, type Actor, uniqueEmail } from '../helpers/factories';
import { addMember, bearer, createAccessKey, createOrganization } from '../helpers/organizations';

interface AuditRow {
  action: string;
  outcome: string;
  actor_type: string;
  actor_id: string | null;
  auth_method: string | null;
  credential_id: string | null;
  target_type: string | null;
  target_id: string | null;
  organization_id: string | null;
  ip: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
}

describe('Audit log', () => {
  let t: TestApp;
  let admin: Actor;
  /** Every secret the test handles; none may appear in the audit table. */
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t, uniqueEmail('auditor'), 'auditor-password-1');
    secrets.push('auditor-password-1', admin.token);
  });
  afterAll(() => t.close());

  async function events(query: string): Promise<AuditRow[]> {
    const response = await t.http
      .get(`/admin/audit-events?limit=100&${query}`)
      .set(bearer(admin.token))
      .expect(200);
    return response.body.audit_events;
  }

  async function rawTable(): Promise<string> {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      return JSON.stringify((await client.query('SELECT * FROM audit_event')).rows);
    } finally {
      await client.end();
    }
  }

  it('records login success and failure with the email, never the password, for known and unknown emails', async () => {
    await t.http
      .post('/auth/user/emailpass')
      .set('User-Agent', 'audit-test/1.0')
      .send({ email: admin.email, password: 'wrong-password-9' })
      .expect(401);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: 'nobody@example.com', password: 'wrong-password-8' })
      .expect(401);
    await t.http
      .post('/auth/user/emailpass')
      .set('User-Agent', 'audit-login/2.0')
      .send({ email: admin.email, password: 'auditor-password-1' })
      .expect(200);
    secrets.push('wrong-password-9', 'wrong-password-8');

    const logins = await events('action=auth.login');
    const failures = logins.filter((event) => event.outcome === 'failure');
    expect(failures.map((event) => event.metadata.email).sort()).toEqual(
      [admin.email, 'nobody@example.com'].sort(),
    );
    const known = failures.find((event) => event.metadata.email === admin.email);
    expect(known).toMatchObject({
      actor_type: 'anonymous',
      target_type: 'auth_identity',
      user_agent: 'audit-test/1.0',
    });
    expect(known?.ip).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
    const success = logins.filter(
      (event) => event.outcome === 'success' && event.actor_id === admin.id,
    );
    expect(success.length).toBeGreaterThanOrEqual(1);
    const fromThisClient = success.find((event) => event.user_agent === 'audit-login/2.0');
    expect(fromThisClient).toMatchObject({ actor_type: 'user', auth_method: 'password' });
    expect(fromThisClient?.ip).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
  });

  it('records registration', async () => {
    const email = uniqueEmail('registered');
    await t.http
      .post('/auth/customer/emailpass/register')
      .send({ email, password: 'register-pass-7' })
      .expect(200);
    secrets.push('register-pass-7');
    const registered = await events('action=auth.register');
    expect(registered.map((event) => event.metadata.email)).toContain(email);
  });

  it('records each API key change once, with the actor and the key used', async () => {
    const key = await createApiKey(t, admin.token, 'secret', 'audited key');
    secrets.push(key.token);
    await t.http
      .post(`/admin/api-keys/${key.id}`)
      .set('x-medusa-access-token', key.token)
      .set('User-Agent', 'audit-key-client/3.1')
      .send({ title: 'renamed' })
      .expect(200);
    const rolled = await t.http
      .post(`/admin/api-keys/${key.id}/roll`)
      .set(bearer(admin.token))
      .send({})
      .expect(200);
    secrets.push(rolled.body.api_key.token);
    await t.http
      .post(`/admin/api-keys/${key.id}/revoke`)
      .set(bearer(admin.token))
      .send({})
      .expect(200);
    await t.http.delete(`/admin/api-keys/${key.id}`).set(bearer(admin.token)).expect(200);

    const trail = (await events(`target_id=${key.id}`)).map((event) => event.action).sort();
    expect(trail).toEqual([
      'api_key.create',
      'api_key.delete',
      'api_key.revoke',
      'api_key.roll',
      'api_key.update',
    ]);
    const update = (await events(`target_id=${key.id}&action=api_key.update`))[0];
    expect(update).toMatchObject({
      actor_id: admin.id,
      auth_method: 'api-key',
      credential_id: key.id,
      metadata: { title: 'renamed' },
      user_agent: 'audit-key-client/3.1',
    });
    expect(update?.ip).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
  });

  it('records access key and member changes, readable by the organization owner and not by a member', async () => {
    const orgId = await createOrganization(t, admin.token, 'Audited Org');
    const member = await createAdmin(t);
    await addMember(t, admin.token, orgId, member.email);
    await t.http
      .patch(`/cloud/organizations/${orgId}/members/${member.id}`)
      .set(bearer(admin.token))
      .send({ role: 'admin' })
      .expect(200);
    const key = await createAccessKey(t, admin.token, orgId, 'ci');
    secrets.push(key.token);
    await t.http
      .patch(`/cloud/organizations/${orgId}/access-keys/${key.id}`)
      .set(bearer(admin.token))
      .send({ name: 'ci-2' })
      .expect(200);
    await t.http
      .delete(`/cloud/organizations/${orgId}/access-keys/${key.id}`)
      .set(bearer(admin.token))
      .expect(200);
    await t.http
      .delete(`/cloud/organizations/${orgId}/members/${member.id}`)
      .set(bearer(admin.token))
      .expect(200);

    const trail = await t.http
      .get(`/cloud/organizations/${orgId}/audit-events?limit=100`)
      .set(bearer(admin.token))
      .expect(200);
    expect(trail.body.audit_events.map((event: AuditRow) => event.action)).toEqual([
      'organization.create',
      'organization.member_add',
      'organization.member_role_change',
      'access_key.create',
      'access_key.rename',
      'access_key.delete',
      'organization.member_remove',
    ]);
    const outsider = await createAdmin(t);
    await addMember(t, admin.token, orgId, outsider.email);
    await t.http
      .get(`/cloud/organizations/${orgId}/audit-events`)
      .set(bearer(outsider.token))
      .expect(403);
  });

  it('records role changes and denied permission checks', async () => {
    const role = await t.http
      .post('/admin/roles')
      .set(bearer(admin.token))
      .send({ name: 'auditors', permissions: ['audit:read'] })
      .expect(200);
    const viewer = await createAdmin(t, undefined, undefined, ['role_viewer']);
    await t.http
      .post(`/admin/users/${viewer.id}/roles`)
      .set(bearer(admin.token))
      .send({ add: [role.body.role.id] })
      .expect(200);
    await t.http.delete(`/admin/roles/${role.body.role.id}`).set(bearer(admin.token)).expect(200);
    await t.http
      .post('/admin/products')
      .set(bearer(viewer.token))
      .send({ title: 'nope' })
      .expect(403);

    expect(
      (await events(`target_id=${role.body.role.id}`)).map((event) => event.action).sort(),
    ).toEqual(['role.create', 'role.delete']);
    expect((await events(`target_id=${viewer.id}&action=user.roles_change`))[0]?.metadata).toEqual({
      added: [role.body.role.id],
      removed: [],
    });
    const denied = await events(`actor_id=${viewer.id}&action=permission.denied`);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      outcome: 'denied',
      target_id: 'POST /admin/products',
      metadata: { required: ['products:write'] },
    });
  });

  it('filters by time range, and needs audit:read', async () => {
    const future = new Date(t.clock.nowMs() + 3600_000).toISOString();
    expect(await events(`from=${encodeURIComponent(future)}`)).toEqual([]);
    const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    await t.http.get('/admin/audit-events').set(bearer(developer.token)).expect(403);
  });

  it('is append-only in the database itself', async () => {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await expect(client.query("UPDATE audit_event SET action = 'tampered'")).rejects.toThrow(
        'audit_event is append-only',
      );
      await expect(client.query('DELETE FROM audit_event')).rejects.toThrow(
        'audit_event is append-only',
      );
      await expect(client.query('TRUNCATE audit_event')).rejects.toThrow(
        'audit_event is append-only',
      );
      const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM audit_event');
      expect(Number(rows[0]?.count)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  it('holds no token, password or hash anywhere', async () => {
    const table = await rawTable();
    expect(table.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(table).not.toContain(secret);
    expect(table).not.toMatch(/\$argon2id\$/);
    // Tokens have 49 characters after the prefix; ids (apk_…, ak_…) have a 26-character ULID.
    expect(table).not.toMatch(/\b(sk|pk|oak|pak)_[0-9A-Za-z]{40,}/);
    expect(table).not.toMatch(/eyJ[0-9A-Za-z_-]{10,}\./);
  });
});
