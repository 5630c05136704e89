import { MEMBER } from './global-setup';
import {
  createOrganization,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
} from './fixtures';

test('General: an owner renames the organization; the switcher follows', async ({
  page,
  request,
  adminToken,
}) => {
  const organization = unique('Rename org');
  const orgId = await createOrganization(request, adminToken, organization);
  await signIn(page);
  await page.goto(`/console/organizations/${orgId}/general`);
  await expectAccessible(page);
  await screenshot(page, 'general');
  await page.getByLabel('Name').fill(`${organization} renamed`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    page.getByRole('heading', { name: `${organization} renamed settings` }),
  ).toBeVisible();
  await expect(page.getByLabel('Organization', { exact: true })).toContainText(
    `${organization} renamed`,
  );
});

test('a plain member sees no Billing tab; an owner does', async ({ page, request, adminToken }) => {
  const organization = unique('Billing org');
  const orgId = await createOrganization(request, adminToken, organization);
  const added = await request.post(`/cloud/organizations/${orgId}/members`, {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { email: MEMBER.email, role: 'member' },
  });
  expect(added.ok()).toBe(true);

  await signIn(page, MEMBER);
  await page.goto(`/console/organizations/${orgId}/billing`);
  await expect(page.getByRole('heading', { name: `${organization} settings` })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Billing' })).toHaveCount(0);
  // Asked for Billing by its address, the page shows General instead.
  await expect(page.getByRole('tab', { name: 'General', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page);
  await page.goto(`/console/organizations/${orgId}/billing`);
  await expect(page.getByRole('tab', { name: 'Billing', selected: true })).toBeVisible();
  await expect(page.getByText('Seats used')).toBeVisible();
});
