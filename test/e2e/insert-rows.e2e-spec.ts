import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { withAllEntities } from '../../ormconfig';
import { entityRow, insertRows } from '../../src/database/insert-rows';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { RefreshToken } from '../../src/modules/auth/refresh-token.entity';
import { Session } from '../../src/modules/auth/session.entity';
import { createTestDatabase } from '../helpers/database';

describe('insertRows: several tables, one statement', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(withAllEntities(database.url)).initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const session = (id: string) =>
    entityRow(Session, {
      id,
      auth_identity_id: 'authid_1',
      actor_type: 'user',
      actor_id: 'user_1',
      last_seen_at: new Date('2026-01-01T00:00:00Z'),
      expires_at: new Date('2026-02-01T00:00:00Z'),
      ip: '203.0.113.7',
      user_agent: null,
    });
  const refreshToken = (id: string, sessionId: string, hash: string) =>
    entityRow(RefreshToken, {
      id,
      session_id: sessionId,
      token_hash: hash,
      parent_id: null,
    });
  const event = (id: string, metadata: AuditEvent['metadata']) =>
    entityRow(AuditEvent, {
      id,
      occurred_at: new Date('2026-01-01T00:00:00Z'),
      actor_type: 'user',
      action: 'auth.login',
      outcome: 'success',
      metadata,
    });

  async function count(table: string, id: string): Promise<number> {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE id = $1`,
      [id],
    );
    return row!.n;
  }

  it('writes a row and a row that references it, with defaults and JSON, in one statement', async () => {
    const queries = jest.spyOn(dataSource.manager, 'query');
    await insertRows(dataSource.manager, [
      session('sess_a'),
      refreshToken('rtk_a', 'sess_a', 'hash_a'),
      event('aud_a', { email: 'a@example.com', ids: ['x', 'y'] }),
    ]);
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();

    const [stored] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT s.ip, s.revoked_at, s.created_at IS NOT NULL AS dated, r.session_id, a.metadata
         FROM session s, refresh_token r, audit_event a
        WHERE s.id = 'sess_a' AND r.id = 'rtk_a' AND a.id = 'aud_a'`,
    );
    expect(stored).toEqual({
      ip: '203.0.113.7',
      revoked_at: null,
      dated: true,
      session_id: 'sess_a',
      metadata: { email: 'a@example.com', ids: ['x', 'y'] },
    });
  });

  it('is atomic: when one row fails, none is written', async () => {
    await insertRows(dataSource.manager, [refreshToken('rtk_b', 'sess_a', 'hash_b')]);
    await expect(
      insertRows(dataSource.manager, [
        session('sess_c'),
        event('aud_c', {}),
        refreshToken('rtk_c', 'sess_c', 'hash_b'),
      ]),
    ).rejects.toThrow(/duplicate key/);
    expect(await count('session', 'sess_c')).toBe(0);
    expect(await count('audit_event', 'aud_c')).toBe(0);

    await expect(
      insertRows(dataSource.manager, [
        event('aud_d', {}),
        refreshToken('rtk_d', 'sess_missing', 'hash_d'),
      ]),
    ).rejects.toThrow(/foreign key/);
    expect(await count('audit_event', 'aud_d')).toBe(0);
  });

  it('refuses a property that is not a column', async () => {
    await expect(
      insertRows(dataSource.manager, [{ entity: Session, values: { id: 'sess_e', token: 'x' } }]),
    ).rejects.toThrow('Session has no column token');
  });
});
