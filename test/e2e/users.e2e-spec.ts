import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, uniqueEmail } from '../helpers/factories';
import { AccountsService } from '../../src/modules/accounts/accounts.service';

describe('Admin users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists users paginated as {users, count, offset, limit}, oldest first by default', async () => {
    const admin = await createAdmin(t, uniqueEmail('first'));
    for (const label of ['second', 'third']) await createAdmin(t, uniqueEmail(label));
    const page = await t.http
      .get('/admin/users?limit=2&offset=0')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(page.body).toMatchObject({ count: 3, offset: 0, limit: 2 });
    expect(page.body.users.map((user: { email: string }) => user.email.split('-')[0])).toEqual([
      'first',
      'second',
    ]);
    const newest = await t.http
      .get('/admin/users?order=-created_at&limit=1')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(newest.body.users[0].email).toMatch(/^third-/);
  });

  it('filters with q', async () => {
    const admin = await createAdmin(t, uniqueEmail('searcher'));
    const response = await t.http
      .get('/admin/users?q=searcher')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(response.body.count).toBe(1);
    expect(response.body.users[0].id).toBe(admin.id);
  });

  it('400 for a limit above 100 or a negative offset', async () => {
    const admin = await createAdmin(t);
    const tooMany = await t.http
      .get('/admin/users?limit=101')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(400);
    expect(tooMany.body).toEqual({
      type: 'invalid_data',
      message: 'limit must not be greater than 100',
    });
    await t.http
      .get('/admin/users?offset=-1')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(400);
  });

  it('refuses a second user with the same email (as the CLI reports)', async () => {
    const admin = await createAdmin(t);
    await expect(
      t.app.get(AccountsService).createWithPassword({
        email: admin.email.toUpperCase(),
        password: 'another-pass',
        role_ids: [],
      }),
    ).rejects.toThrow(`User with email ${admin.email} already exists`);
  });
});
