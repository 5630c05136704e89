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
