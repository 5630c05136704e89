import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, login, type Actor, uniqueEmail } from '../helpers/factories';
import { bearer } from '../helpers/organizations';

describe('Invites', () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  function invite(email: string, body: Record<string, unknown> = {}, jwt = admin.token) {
    return t.http
      .post('/admin/invites')
      .set(bearer(jwt))
      .send({ email, ...body });
  }

  async function register(email: string, password = 'invitee-pass-1'): Promise<string> {
    const response = await t.http
      .post('/auth/user/emailpass/register')
      .send({ email, password })
      .expect(200);
    return response.body.token;
  }

  it('invite → register → accept → log in: the new user has the invited role', async () => {
    const email = uniqueEmail('invitee');
    const created = await invite(email, { role_ids: ['role_developer'] }).expect(200);
    expect(created.body.invite).toMatchObject({ email, role_ids: ['role_developer'] });
    expect(created.body.invite.token).toMatch(/^invite_[0-9A-Za-z]{43}$/);

    const registration = await register(email);
    const accepted = await t.http
      .post(`/admin/invites/accept?token=${created.body.invite.token}`)
      .set(bearer(registration))
      .send({ first_name: 'Grace', last_name: 'Hopper' })
      .expect(200);
    expect(accepted.body.user).toMatchObject({ email, first_name: 'Grace', last_name: 'Hopper' });

    const token = await login(t, 'user', email, 'invitee-pass-1');
    await t.http.get('/admin/api-keys').set(bearer(token)).expect(200);
    await t.http.get('/admin/roles').set(bearer(token)).expect(403);

    // Works once.
    const again = await register(uniqueEmail('late'));
    await t.http
      .post(`/admin/invites/accept?token=${created.body.invite.token}`)
      .set(bearer(again))
      .send({})
      .expect(401);
  });

  it('refuses a registration token of another email, an unknown token, and an expired invite', async () => {
    const email = uniqueEmail('expected');
    const created = await invite(email).expect(200);
    const stranger = await register(uniqueEmail('stranger'));
    const wrong = await t.http
      .post(`/admin/invites/accept?token=${created.body.invite.token}`)
      .set(bearer(stranger))
      .send({})
      .expect(401);
    expect(wrong.body).toEqual({ type: 'unauthorized', message: 'Invalid invite' });
    await t.http
      .post('/admin/invites/accept?token=invite_nope')
      .set(bearer(await register(email)))
      .send({})
      .expect(401);

    const later = uniqueEmail('later');
    const expiring = await invite(later).expect(200);
    t.advanceClock(7 * 24 * 3600 + 1);
    await t.http
      .post(`/admin/invites/accept?token=${expiring.body.invite.token}`)
      .set(bearer(await register(later)))
      .send({})
      .expect(401);
    t.advanceClock(-(7 * 24 * 3600 + 1));
  });

  it('an existing user cannot accept (400); an invite for an existing user is a 409', async () => {
    const created = await invite(uniqueEmail('someone')).expect(200);
    const response = await t.http
      .post(`/admin/invites/accept?token=${created.body.invite.token}`)
      .set(bearer(admin.token))
      .send({})
      .expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: 'The user is already authenticated and cannot accept an invite.',
    });
    await invite(admin.email).expect(409);
  });

  it('needs users:manage, and cannot hand out roles beyond the inviter', async () => {
    const developer = await createAdmin(t, undefined, undefined, ['role_developer']);
    await invite(uniqueEmail('x'), {}, developer.token).expect(403);
    const role = await t.http
      .post('/admin/roles')
      .set(bearer(admin.token))
      .send({ name: 'recruiter', permissions: ['users:manage', 'products:read'] })
      .expect(200);
    const recruiter = await createAdmin(t, undefined, undefined, [role.body.role.id]);
    await invite(uniqueEmail('y'), { role_ids: ['role_admin'] }, recruiter.token).expect(403);
    await invite(uniqueEmail('z'), { role_ids: [role.body.role.id] }, recruiter.token).expect(200);
    const unknown = await invite(uniqueEmail('w'), { role_ids: ['role_nope'] }).expect(400);
    expect(unknown.body).toEqual({
      type: 'invalid_data',
      message: 'Roles with IDs role_nope do not exist',
    });
  });
});
