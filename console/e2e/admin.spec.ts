import {
  createUser,
  emailFor,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
} from './fixtures';

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

test('API keys: create a secret key (token once), roll it, revoke it, delete it', async ({
  page,
  request,
}) => {
  const title = unique('Integration API Key');
  const asKey = (token: string) => ({ headers: { 'x-medusa-access-token': token } });
  await signIn(page);
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();

  await page.getByRole('button', { name: 'Create API key' }).click();
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await create.getByLabel('Title').fill(title);
  await create.getByLabel('Type').selectOption('secret');
  await create.getByRole('button', { name: 'Create' }).click();
  const field = create.getByLabel('API key');
  await expect(field).toHaveValue(/^sk_[0-9A-Za-z]{49}$/);
  const first = await field.inputValue();
  await create.getByRole('button', { name: 'Done' }).click();
  await expect(create).toBeHidden();
  expect(await page.content()).not.toContain(first.slice(3));
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Active');
  expect((await request.get('/admin/users/me', asKey(first))).status()).toBe(200);
  await expectAccessible(page);
  await screenshot(page, 'api-keys');

  // Roll with no grace: the new token works, the old one stops.
  await row.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Roll' }).click();
  const roll = page.getByRole('dialog', { name: `Roll ${title}` });
  await roll.getByLabel('Keep the old token working for (seconds)').fill('0');
  await roll.getByRole('button', { name: 'Roll' }).click();
  const rolled = roll.getByLabel('New API key');
  await expect(rolled).toHaveValue(/^sk_/);
  const second = await rolled.inputValue();
  await roll.getByRole('button', { name: 'Done' }).click();
  expect((await request.get('/admin/users/me', asKey(second))).status()).toBe(200);
  expect((await request.get('/admin/users/me', asKey(first))).status()).toBe(401);

  // Revoke the new key now.
  const current = page.getByRole('row', { name: new RegExp(title) }).filter({ hasText: 'Active' });
  await current.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Revoke' }).click();
  await page
    .getByRole('dialog', { name: `Revoke ${title}?` })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `${title} revoked` })).toBeVisible();
  expect((await request.get('/admin/users/me', asKey(second))).status()).toBe(401);

  // Delete every row of it.
  for (
    let left = await page.getByRole('row', { name: new RegExp(title) }).count();
    left > 0;
    left--
  ) {
    await page
      .getByRole('row', { name: new RegExp(title) })
      .first()
      .getByRole('button', { name: `Actions for ${title}` })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: `Delete ${title}?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(left - 1);
  }
});

test('Audit log: the newest events, filtered by action and target', async ({
  page,
  request,
  adminToken,
}) => {
  // Something to find: an organization renamed (one event of its own action).
  const create = await request.post('/cloud/organizations', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { name: unique('Audited org') },
  });
  const { organization } = (await create.json()) as { organization: { id: string } };
  await signIn(page);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit events' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'audit-log');

  await page.getByLabel('Target id').fill(organization.id);
  await page.getByLabel('Action').fill('organization.create');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
  await expect(rows).toHaveCount(2); // the header and the one event
  await expect(rows.nth(1)).toContainText('organization.create');
  await expect(page.getByRole('status').filter({ hasText: /of 1$/ })).toBeVisible();

  await page.getByLabel('Action').fill('no.such.action');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();
});

test('Users: invite (the link once), resend; delete a user who accepted', async ({
  page,
  request,
}) => {
  const invited = `${unique('invitee').replace(/\W+/g, '-')}@example.com`.toLowerCase();
  await signIn(page);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();

  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite user' });
  await dialog.getByLabel('Email').fill(invited);
  await dialog.getByLabel('Role').selectOption('role_developer');
  await dialog.getByRole('button', { name: 'Invite' }).click();
  const link = dialog.getByLabel('Invite link');
  await expect(link).toHaveValue(
    new RegExp(`/console/invite#token=invite_\\w+&email=${encodeURIComponent(invited)}$`),
  );
  const first = await link.inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('row', { name: new RegExp(invited) });
  await expect(row).toContainText('role_developer');
  await expectAccessible(page);
  await screenshot(page, 'users');

  await row.getByRole('button', { name: `Actions for ${invited}` }).click();
  await page.getByRole('menuitem', { name: 'Resend' }).click();
  const resend = page.getByRole('dialog', { name: `Resend the invite to ${invited}` });
  await resend.getByRole('button', { name: 'Resend' }).click();
  await expect(resend.getByLabel('Invite link')).toHaveValue(/#token=invite_/);
  const second = new URLSearchParams(
    new URL(await resend.getByLabel('Invite link').inputValue()).hash.slice(1),
  ).get('token');
  expect(second).not.toBe(new URLSearchParams(new URL(first).hash.slice(1)).get('token'));
  await resend.getByRole('button', { name: 'Done' }).click();

  // The invitee accepts the resent token through the API; they become a user.
  const registered = await request.post('/auth/user/emailpass/register', {
    data: { email: invited, password: 'invitee-password-1' },
  });
  const { token: registration } = (await registered.json()) as { token: string };
  const accepted = await request.post(`/admin/invites/accept?token=${second!}`, {
    headers: { Authorization: `Bearer ${registration}` },
    data: {},
  });
  expect(accepted.status()).toBe(200);
  await page.reload();
  const user = page
    .getByRole('table', { name: 'Users' })
    .getByRole('row', { name: new RegExp(invited) });
  await expect(user).toBeVisible();
  await expect(page.getByRole('table', { name: 'Pending invites' }).getByText(invited)).toHaveCount(
    0,
  );

  await user.getByRole('button', { name: `Delete ${invited}` }).click();
  // While the dialog is open the page behind it is hidden from the accessibility tree: wait for the
  // deletion itself, not for the row to vanish.
  const deletion = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await page
    .getByRole('dialog', { name: `Delete ${invited}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  expect((await deletion).status()).toBe(200);
  await expect(user).toHaveCount(0);
  const login = await request.post('/auth/user/emailpass', {
    data: { email: invited, password: 'invitee-password-1' },
  });
  const { token } = (await login.json()) as { token?: string };
  const me = await request.get('/admin/users/me', {
    headers: { Authorization: `Bearer ${token ?? 'none'}` },
  });
  expect(me.status()).toBe(401);
});

test('Roles: create a custom role with the permission picker, edit it, delete it', async ({
  page,
}) => {
  const name = unique('support').replace(/\W+/g, '-');
  await signIn(page);
  await page.getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('row', { name: /admin \(built in\)/ })).toBeVisible();

  await page.getByRole('button', { name: 'Create role' }).click();
  const create = page.getByRole('dialog', { name: 'Create role' });
  await create.getByLabel('Name').fill(name);
  await create.getByRole('checkbox', { name: 'products:read' }).check();
  await create.getByRole('checkbox', { name: 'customers:read' }).check();
  await expectAccessible(page);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('products:read, customers:read');
  await screenshot(page, 'roles');

  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(edit.getByRole('checkbox', { name: 'products:read' })).toBeChecked();
  await edit.getByRole('checkbox', { name: 'customers:read' }).uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).not.toContainText('customers:read');

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  const removal = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await page
    .getByRole('dialog', { name: `Delete the role ${name}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  expect((await removal).status()).toBe(200);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});

test("Users: change a user's roles, a custom role among them", async ({
  page,
  request,
  adminToken,
}) => {
  const email = emailFor('promoted');
  const userId = await createUser(request, adminToken, email, 'promoted-password-1');
  const role = await request.post('/admin/roles', {
    ...bearer(adminToken),
    data: { name: unique('Support'), permissions: ['customers:read'] },
  });
  const { id: roleId, name: roleName } = (
    (await role.json()) as { role: { id: string; name: string } }
  ).role;

  await signIn(page);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: `Change roles of ${email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Roles of ${email}` });
  await expect(dialog.getByRole('checkbox', { name: 'viewer' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: roleName }).check();
  await dialog.getByRole('checkbox', { name: 'viewer' }).uncheck();
  await expectAccessible(page);
  await screenshot(page, 'user-roles');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Roles of ${email} saved`, { exact: true })).toBeVisible();

  const user = await request.get(`/admin/users/${userId}`, bearer(adminToken));
  const roles = ((await user.json()) as { user: { roles: { id: string }[] } }).user.roles;
  expect(roles.map((r) => r.id)).toEqual([roleId]);
});

test("API keys: a publishable key's sales channels, chosen in a dialog", async ({
  page,
  request,
  adminToken,
}) => {
  const channelName = unique('Web shop');
  const channel = await request.post('/admin/sales-channels', {
    ...bearer(adminToken),
    data: { name: channelName },
  });
  const channelId = ((await channel.json()) as { sales_channel: { id: string } }).sales_channel.id;
  const title = unique('Storefront');
  const key = await request.post('/admin/api-keys', {
    ...bearer(adminToken),
    data: { title, type: 'publishable' },
  });
  const keyId = ((await key.json()) as { api_key: { id: string } }).api_key.id;

  await signIn(page);
  await page.getByRole('link', { name: 'API keys' }).click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Sales channels' }).click();
  const dialog = page.getByRole('dialog', { name: `Sales channels of ${title}` });
  await dialog.getByRole('checkbox', { name: channelName }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(channelName);

  const stored = await request.get(`/admin/api-keys/${keyId}`, bearer(adminToken));
  const channels = ((await stored.json()) as { api_key: { sales_channels: { id: string }[] } })
    .api_key.sales_channels;
  expect(channels.map((c) => c.id)).toEqual([channelId]);
});
