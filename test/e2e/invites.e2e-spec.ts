import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, login, type Actor, uniqueEmail } from '../helpers/factories';
import { linkIn, waitForMail } from '../helpers/mail';
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

  it('emails the invitee a link to the console with the token in the fragment; a resend emails the new one', async () => {
    const email = uniqueEmail('emailed');
    const created = await invite(email).expect(200);
    const mail = await waitForMail(t.dataDir, email, 'invite');
    const link = linkIn(mail);
    expect(link.url.href.split('#')[0]).toBe('http://localhost:9000/console/invite');
    expect(link).toMatchObject({ token: created.body.invite.token, email });
    expect(mail.headers.Subject).toBe('You are invited to Gatehouse');
    expect(mail.text).toContain(`${admin.email} invited ${email}`);
    expect(mail.mode).toBe(0o600);

    const resent = await t.http
      .post(`/admin/invites/${created.body.invite.id}/resend`)
      .set(bearer(admin.token))
      .expect(200);
    const again = linkIn(await waitForMail(t.dataDir, email, 'invite', mail));
    expect(again.token).toBe(resent.body.invite.token);
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

  describe('list, resend, withdraw', () => {
    /** The status of accepting `token` with a fresh registration of `email`. */
    const accept = async (token: string, email: string): Promise<number> => {
      const registration = await register(email);
      const response = await t.http
        .post(`/admin/invites/accept?token=${token}`)
        .set(bearer(registration))
        .send({});
      return response.status;
    };

    it('lists invites without their tokens, newest first', async () => {
      const email = uniqueEmail('listed');
      const created = await invite(email).expect(200);
      const list = await t.http.get('/admin/invites').set(bearer(admin.token)).expect(200);
      const listed = list.body.invites.find((i: { id: string }) => i.id === created.body.invite.id);
      expect(listed).toEqual({
        id: created.body.invite.id,
        email,
        role_ids: ['role_viewer'],
        created_by: admin.id,
        created_at: expect.any(String),
        expires_at: expect.any(String),
        accepted: false,
        accepted_at: null,
      });
      expect(JSON.stringify(list.body)).not.toContain(created.body.invite.token);
    });

    it('resend: a new token and seven more days; the old token stops working', async () => {
      const email = uniqueEmail('resent');
      const created = await invite(email).expect(200);
      t.advanceClock(600);
      try {
        const resent = await t.http
          .post(`/admin/invites/${created.body.invite.id}/resend`)
          .set(bearer(admin.token))
          .expect(200);
        expect(resent.body.invite.token).toMatch(/^invite_/);
        expect(resent.body.invite.token).not.toBe(created.body.invite.token);
        expect(new Date(resent.body.invite.expires_at).getTime()).toBeGreaterThan(
          new Date(created.body.invite.expires_at).getTime(),
        );
        expect(await accept(created.body.invite.token, email)).toBe(401);
        expect(await accept(resent.body.invite.token, email)).toBe(200);
      } finally {
        t.advanceClock(-600);
      }
      // Accepted: nothing left to resend or withdraw.
      await t.http
        .post(`/admin/invites/${created.body.invite.id}/resend`)
        .set(bearer(admin.token))
        .expect(400);
      await t.http
        .delete(`/admin/invites/${created.body.invite.id}`)
        .set(bearer(admin.token))
        .expect(400);
    });

    it('withdraw: the token stops working at once, and the invite is gone from the list', async () => {
      const email = uniqueEmail('withdrawn');
      const created = await invite(email).expect(200);
      const deleted = await t.http
        .delete(`/admin/invites/${created.body.invite.id}`)
        .set(bearer(admin.token))
        .expect(200);
      expect(deleted.body).toEqual({ id: created.body.invite.id, object: 'invite', deleted: true });
      expect(await accept(created.body.invite.token, email)).toBe(401);
      await t.http
        .delete(`/admin/invites/${created.body.invite.id}`)
        .set(bearer(admin.token))
        .expect(404);
    });

    it('a viewer may list, not resend or withdraw; resending stays under the ceiling', async () => {
      const viewer = await createAdmin(t, undefined, undefined, ['role_viewer']);
      const created = await invite(uniqueEmail('guarded'), { role_ids: ['role_admin'] }).expect(
        200,
      );
      await t.http.get('/admin/invites').set(bearer(viewer.token)).expect(200);
      await t.http
        .post(`/admin/invites/${created.body.invite.id}/resend`)
        .set(bearer(viewer.token))
        .expect(403);
      await t.http
        .delete(`/admin/invites/${created.body.invite.id}`)
        .set(bearer(viewer.token))
        .expect(403);
      // A user manager without roles:manage cannot re-issue an admin invite.
      await t.http
        .post('/admin/roles')
        .set(bearer(admin.token))
        .send({
          name: 'people-manager',
          permissions: ['users:read', 'users:manage'],
        });
      const roles = await t.http.get('/admin/roles').set(bearer(admin.token)).expect(200);
      const peopleManager = roles.body.roles.find(
        (r: { name: string }) => r.name === 'people-manager',
      );
      const manager = await createAdmin(t, undefined, undefined, [peopleManager.id]);
      const refused = await t.http
        .post(`/admin/invites/${created.body.invite.id}/resend`)
        .set(bearer(manager.token))
        .expect(403);
      expect(refused.body).toEqual({ type: 'not_allowed', message: 'Insufficient permissions' });
    });
  });
});
