import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { HousekeepingService } from '../../src/modules/housekeeping/housekeeping.service';
import { queriesDuring, startTestApp, type TestApp } from '../helpers/app';
import { createAdmin, uniqueEmail } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

const DAY = 24 * 60 * 60;

/** Issue 24: the hourly pass deletes what can no longer be used, and nothing that still can. */
describe('Housekeeping', () => {
  let t: TestApp;
  let housekeeping: HousekeepingService;
  beforeAll(async () => {
    t = await startTestApp({ env: { AUDIT_RETENTION_DAYS: '30' } });
    housekeeping = t.app.get(HousekeepingService);
  });
  afterAll(() => t.close());

  const login = async (email: string) =>
    (await t.http.post('/auth/user/emailpass').send({ email, password: 'supersecret' }).expect(200))
      .body as { token: string; refresh_token: string };

  it('deletes ended sessions and expired codes, keeps live ones; later, old invites and audit events', async () => {
    const admin = await createAdmin(t);
    const kept = await login(admin.email);
    const ended = await login(admin.email);
    await t.http.post('/auth/logout').set(bearer(ended.token)).expect(200);
    await t.http
      .post('/auth/user/emailpass/reset-password')
      .send({ identifier: admin.email })
      .expect(201);
    await t.http.post('/auth/device/code').send({ client_name: 'laptop' }).expect(200);
    const pending = await t.http
      .post('/admin/invites')
      .set(bearer(admin.token))
      .send({ email: uniqueEmail('pending') })
      .expect(200);

    t.advanceClock(16 * 60); // past the reset token's 15 minutes and the device code's 10
    try {
      expect(await housekeeping.run()).toEqual({
        sessions: 1,
        password_reset_tokens: 1,
        device_authorizations: 1,
        invites: 0,
        audit_events: 0,
      });
      // What still works, still works: the session, its refresh, the pending invite.
      await t.http.get('/admin/users/me').set(bearer(kept.token)).expect(200);
      await t.http
        .post('/auth/token/refresh')
        .send({ refresh_token: kept.refresh_token })
        .expect(200);
      const invites = await t.http.get('/admin/invites').set(bearer(admin.token)).expect(200);
      expect(invites.body.invites.map((i: { id: string }) => i.id)).toContain(
        pending.body.invite.id,
      );

      t.advanceClock(38 * DAY); // every session's 30 days, the invite's 7 and 30 more, the audit's 30
      const later = await housekeeping.run();
      expect(later).toMatchObject({ invites: 1 });
      expect(later!.sessions).toBeGreaterThanOrEqual(2); // the admin's own and the kept one
      expect(later!.audit_events).toBeGreaterThan(0);
      const db = t.app.get(DataSource);
      const [{ count }] = await db.query<[{ count: number }]>(
        'SELECT count(*)::int AS count FROM audit_event',
      );
      expect(count).toBe(0);
      // Only the pass may delete, and only what is past the cut-off: the log is append-only otherwise.
      await t.http.post('/auth/user/emailpass').send({ email: admin.email, password: 'wrong' });
      await expect(db.query('DELETE FROM audit_event')).rejects.toThrow(
        'audit_event is append-only',
      );
      await expect(db.query('TRUNCATE audit_event')).rejects.toThrow('audit_event is append-only');
    } finally {
      t.advanceClock(-(16 * 60 + 38 * DAY));
    }
  });

  it('runs on one instance at a time: a pass that finds the lock taken skips its turn', async () => {
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(734216906)');
      expect(await housekeeping.run()).toBeNull();
      await other.query('SELECT pg_advisory_unlock(734216906)');
      expect(await housekeeping.run()).not.toBeNull();
      // The pass let go of it when it ended: another instance's turn can come.
      const { rows } = await other.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock(734216906) AS taken',
      );
      expect(rows).toEqual([{ taken: true }]);
    } finally {
      await other.end();
    }
  });

  it('deletes in batches, a transaction each, until a batch comes back short', async () => {
    const fresh = await startTestApp();
    try {
      const admin = await createAdmin(fresh);
      for (let i = 0; i < 5; i++) {
        const { body } = await fresh.http
          .post('/auth/user/emailpass')
          .send({ email: admin.email, password: admin.password })
          .expect(200);
        await fresh.http.post('/auth/logout').set(bearer(body.token)).expect(200);
      }
      fresh.advanceClock(1);
      const sql = await queriesDuring(async () => {
        expect(await fresh.app.get(HousekeepingService).run(2)).toMatchObject({ sessions: 5 });
      });
      // 2, 2 and 1: three batches of revoked sessions, each in its own transaction (then one for each
      // other kind).
      const revoked = sql.filter((query) => /^DELETE FROM "session" .*"revoked_at" <=/.test(query));
      expect(revoked).toHaveLength(3);
      expect(sql.filter((query) => query === 'START TRANSACTION')).toHaveLength(3 + 3);
      await fresh.http.get('/admin/users/me').set(bearer(admin.token)).expect(200);
    } finally {
      await fresh.close();
    }
  });

  it('keeps every audit event without AUDIT_RETENTION_DAYS', async () => {
    const forever = await startTestApp();
    try {
      await createAdmin(forever);
      forever.advanceClock(3650 * DAY);
      expect((await forever.app.get(HousekeepingService).run())?.audit_events).toBe(0);
    } finally {
      await forever.close();
    }
  });
});
