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
  await expectAccessible(page);
  await screenshot(page, 'billing');
});

test('Members: an owner adds a user by email, changes the role, and removes them', async ({
  page,
  request,
  adminToken,
}) => {
  const orgId = await createOrganization(request, adminToken, unique('Members org'));
  await signIn(page);
  await page.goto(`/console/organizations/${orgId}/members`);
  await expect(page.getByRole('row', { name: /console-admin@example.com \(you\)/ })).toContainText(
    'owner',
  );

  await page.getByRole('button', { name: 'Add member' }).click();
  const add = page.getByRole('dialog', { name: 'Add member' });
  await add.getByLabel('Email').fill('nobody-here@example.com');
  await add.getByRole('button', { name: 'Add' }).click();
  // The API's own words for a refusal.
  await expect(add.getByRole('alert')).toContainText('nobody-here@example.com');
  await add.getByLabel('Email').fill(MEMBER.email);
  await expectAccessible(page);
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(MEMBER.email) });
  await expect(row).toContainText('member');
  await screenshot(page, 'members');

  await row.getByRole('button', { name: `Actions for ${MEMBER.email}` }).click();
  await page.getByRole('menuitem', { name: 'Change role' }).click();
  const change = page.getByRole('dialog', { name: `Change the role of ${MEMBER.email}` });
  await change.getByLabel('Role').selectOption('admin');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change).toBeHidden();
  await expect(row).toContainText('admin');

  await row.getByRole('button', { name: `Actions for ${MEMBER.email}` }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  const remove = page.getByRole('dialog', { name: new RegExp(`Remove ${MEMBER.email}`) });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(remove).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(MEMBER.email) })).toHaveCount(0);
  const members = await request.get(`/cloud/organizations/${orgId}/members`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(JSON.stringify(await members.json())).not.toContain(MEMBER.email);
});

test('Projects: create one, add and delete an environment, rename it, delete it', async ({
  page,
  request,
  adminToken,
}) => {
  const orgId = await createOrganization(request, adminToken, unique('Projects org'));
  await signIn(page);
  await page.goto(`/console/organizations/${orgId}/projects`);
  await expect(page.getByText('No projects yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Create project' }).click();
  const create = page.getByRole('dialog', { name: 'Create project' });
  await create.getByLabel('Name').fill('web');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  const web = page.getByRole('region', { name: 'Project web' });
  await expect(web.getByText('No environments yet.')).toBeVisible();

  await web.getByRole('button', { name: 'Add environment' }).click();
  const add = page.getByRole('dialog', { name: 'Add an environment to web' });
  await add.getByLabel('Name').fill('preview-1');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add).toBeHidden();
  await expect(web.getByText('preview-1', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'projects');

  await web.getByRole('button', { name: 'Delete preview-1' }).click();
  await page
    .getByRole('dialog', { name: 'Delete the environment preview-1?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(web.getByText('No environments yet.')).toBeVisible();

  await web.getByRole('button', { name: 'Actions for web' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename web' });
  await rename.getByLabel('Name').fill('storefront');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(rename).toBeHidden();
  const storefront = page.getByRole('region', { name: 'Project storefront' });
  await expect(storefront).toBeVisible();

  await storefront.getByRole('button', { name: 'Actions for storefront' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete storefront?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByText('No projects yet.')).toBeVisible();
});
