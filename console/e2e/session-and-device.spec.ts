import {
  createOrganization,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
} from './fixtures';

test('sign in, sign out, and an ended session returns to sign-in with a message', async ({
  page,
  context,
  request,
  adminToken,
}) => {
  await createOrganization(request, adminToken, unique('Session org'));
  await page.goto('/console/');
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'sign-in');

  await page.getByLabel('Email').fill('console-admin@example.com');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid email or password');

  await signIn(page);
  await expect(page.getByRole('tab', { name: 'Org Access Keys' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You signed out.')).toBeVisible();
  // The cookie is gone and the session revoked: a reload stays signed out.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();

  await signIn(page);
  // Nothing in flight: the first request after the cookie is gone is the click's.
  await page.waitForLoadState('networkidle');
  await context.clearCookies();
  await page.getByRole('tab', { name: 'Members' }).click();
  await expect(page.getByText('Your session ended. Sign in again.')).toBeVisible();
});

test('device login: the page shows which program asks, from where, and approving signs it in', async ({
  page,
  request,
}) => {
  const grant = (await (
    await request.post('/auth/device/code', {
      data: { client_name: 'gatehouse CLI on build-07' },
      headers: { 'User-Agent': 'gatehouse-cli/0.1.0' },
    })
  ).json()) as { device_code: string; verification_uri_complete: string };

  await signIn(page);
  await page.goto(grant.verification_uri_complete.replace(/^https?:\/\/[^/]+/, ''));
  await expect(
    page.getByRole('heading', { name: 'Sign in gatehouse CLI on build-07 as you?' }),
  ).toBeVisible();
  await expect(page.getByText('gatehouse-cli/0.1.0')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'device-login');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText('Approved.');

  const session = await request.post('/auth/device/token', {
    data: { device_code: grant.device_code },
  });
  expect(session.status()).toBe(200);
  expect(Object.keys((await session.json()) as object).sort()).toEqual(['refresh_token', 'token']);
});

test('Profile: my sessions, this one marked; sign out all the others', async ({
  page,
  request,
  adminToken,
}) => {
  const cli = await request.post('/auth/device/code', {
    data: { client_name: 'gatehouse CLI on laptop-9' },
  });
  const grant = (await cli.json()) as { device_code: string; user_code: string };
  await request.post('/auth/device/approve', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { user_code: grant.user_code },
  });
  const session = await request.post('/auth/device/token', {
    data: { device_code: grant.device_code },
  });
  const { token: cliToken } = (await session.json()) as { token: string };

  await signIn(page);
  await page.getByRole('link', { name: /Signed in as/ }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  const sessions = page.getByRole('table', { name: 'Sessions' });
  await expect(sessions.getByRole('row', { name: /\(this device\)/ })).toHaveCount(1);
  await expect(sessions.getByRole('row', { name: /gatehouse CLI on laptop-9/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'profile');

  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await page
    .getByRole('dialog', { name: 'Sign out all other sessions?' })
    .getByRole('button', { name: 'Sign out others' })
    .click();
  await expect(sessions.getByRole('row', { name: /gatehouse CLI on laptop-9/ })).toHaveCount(0);
  await expect(sessions.getByRole('row', { name: /\(this device\)/ })).toHaveCount(1);
  const asCli = { headers: { Authorization: `Bearer ${cliToken}` } };
  expect((await request.get('/cloud/me', asCli)).status()).toBe(401);
  expect(
    (
      await request.get('/cloud/me', { headers: { Authorization: `Bearer ${adminToken}` } })
    ).status(),
  ).toBe(401);
});

test("Profile: a wrong current password is refused in the API's words", async ({ page }) => {
  await signIn(page);
  await page.goto('/console/profile');
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password').fill('a-new-password-123');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toHaveText(/password/i);
  // Still signed in: a refused change ends nothing.
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
});

test('Profile: my name, saved and shown again after a reload', async ({ page }) => {
  await signIn(page);
  await page.getByLabel('Signed in as').click();
  const form = page.getByRole('form', { name: 'Name' });
  const last = `Lovelace ${test.info().project.name}`;
  await form.getByLabel('First name').fill('Ada');
  await form.getByLabel('Last name').fill(last);
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Name saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Name' }).getByLabel('Last name')).toHaveValue(last);
});
