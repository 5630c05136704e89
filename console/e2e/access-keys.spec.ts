import {
  createOrganization,
  createUser,
  emailFor,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
  unique,
} from './fixtures';
import { ADMIN } from './global-setup';

/** The access-keys seed, section by section, in its own words. */
const SECTIONS = [
  { tab: 'Org Access Keys', heading: 'Organization Access Keys', prefix: 'oak_' },
  { tab: 'Personal Access Keys', heading: 'Personal Access Keys', prefix: 'pak_' },
];

const WARNING =
  'Deleting an access key will immediately revoke API access for any applications or scripts using that key. This action cannot be undone.';

for (const section of SECTIONS) {
  test(`${section.heading}: view, create (token once, copy), rename, delete`, async ({
    page,
    context,
    request,
    adminToken,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const organization = unique('Seed org');
    const orgId = await createOrganization(request, adminToken, organization);
    const name = unique('Deploy from CI');
    await signIn(page);

    // 1. Open your organization's settings. 2. Click on the tab in the sidebar.
    await page.goto(`/console/organizations/${orgId}/general`);
    await expect(page.getByRole('heading', { name: `${organization} settings` })).toBeVisible();
    await page.getByRole('tab', { name: section.tab }).click();
    await expect(page.getByRole('heading', { name: section.heading })).toBeVisible();

    // Create: Create Access Key, a Name in the modal, Create; the full token with a copy button.
    await page.getByRole('button', { name: 'Create Access Key' }).click();
    const create = page.getByRole('dialog', { name: 'Create Access Key' });
    await create.getByLabel('Name').fill(name);
    await expectAccessible(page);
    await screenshot(page, `${section.prefix}create-modal`);
    await create.getByRole('button', { name: 'Create' }).click();
    const field = create.getByLabel('Access key');
    await expect(field).toHaveValue(new RegExp(`^${section.prefix}[0-9A-Za-z]{49}$`));
    const token = await field.inputValue();
    await expect(create).toContainText("It won't be shown again.");
    await create.getByRole('button', { name: 'Copy' }).click();
    await expect(create.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await screenshot(page, `${section.prefix}token-once`);
    await create.getByRole('button', { name: 'Done' }).click();
    await expect(create).toBeHidden();
    // Gone from the page once the modal closes; only the redacted preview is left.
    expect(await page.content()).not.toContain(token.slice(4));
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(`${section.prefix}${token.slice(4, 8)}…${token.slice(-4)}`);
    await expect(row).toContainText('Never');
    // Created by: the creator's email on an organization's key, "You" on my own.
    await expect(row).toContainText(section.prefix === 'oak_' ? ADMIN.email : 'You');
    const asKey = { headers: { Authorization: `Bearer ${token}` } };
    expect((await request.get(`/cloud/organizations/${orgId}`, asKey)).status()).toBe(200);
    await expectAccessible(page);
    await screenshot(page, `${section.prefix}keys`);

    // Rename: the row's button, Rename, a new name, Save.
    const renamed = `${name} (renamed)`;
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename Access Key' });
    await rename.getByLabel('Name').fill(renamed);
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect(rename).toBeHidden();
    await expect(
      page.getByRole('row', { name: new RegExp(renamed.replace(/[()]/g, '\\$&')) }),
    ).toBeVisible();

    // Delete: the row's button, Delete, the warning, confirm.
    await page.getByRole('button', { name: `Actions for ${renamed}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete ${renamed}?` });
    await expect(confirm).toContainText(WARNING);
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Access key deleted' })).toBeVisible();
    await expect(page.getByText(renamed)).toHaveCount(0);
    // The deleted token stops at once.
    expect((await request.get(`/cloud/organizations/${orgId}`, asKey)).status()).toBe(401);
  });
}

test('the Personal Access Keys flow works from the keyboard alone', async ({
  page,
  request,
  adminToken,
}) => {
  const orgId = await createOrganization(request, adminToken, unique('Keyboard org'));
  const name = unique('keyboard key');
  await page.goto('/console/');
  await page.getByLabel('Email').focus();
  await page.keyboard.type('console-admin@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('console-password-1');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Signed in as')).toBeVisible();
  await page.goto(`/console/organizations/${orgId}/general`);

  // The sidebar's tabs: arrows move between them; End reaches the last, Personal Access Keys.
  await page.getByRole('tab', { name: 'General' }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Personal Access Keys' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Personal Access Keys' })).toBeVisible();

  const createButton = page.getByRole('button', { name: 'Create Access Key' });
  await createButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Create Access Key' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Access key')).toHaveValue(/^pak_/);
  // Escape closes the modal, and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(createButton).toBeFocused();

  // The row menu: Enter opens it on its first item, arrows move, Enter picks.
  await page.getByRole('button', { name: `Actions for ${name}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: `Delete ${name}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.getByText(name)).toHaveCount(0);
});

test('Personal Access Keys: more than a page of them, with Next and Previous', async ({
  page,
  request,
  adminToken,
}) => {
  const user = { email: emailFor('many-keys'), password: 'many-keys-password-1' };
  await createUser(request, adminToken, user.email, user.password);
  const login = await request.post('/auth/user/emailpass', { data: user });
  const { token } = (await login.json()) as { token: string };
  const orgId = await createOrganization(request, token, unique('Busy org'));
  for (let i = 1; i <= 51; i++) {
    const created = await request.post('/cloud/me/access-keys', {
      headers: { Authorization: `Bearer ${token}` },
      data: { name: `Key ${String(i).padStart(2, '0')}` },
    });
    expect(created.ok()).toBe(true);
  }

  await signIn(page, user);
  await page.goto(`/console/organizations/${orgId}/personal-access-keys`);
  const table = page.getByRole('table', { name: 'Personal Access Keys' });
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages.getByRole('status')).toHaveText('1–50 of 51');
  await expect(table.getByRole('row')).toHaveCount(51); // the header and 50 keys
  await expect(pages.getByRole('button', { name: 'Previous' })).toBeDisabled();

  await pages.getByRole('button', { name: 'Next' }).click();
  await expect(pages.getByRole('status')).toHaveText('51–51 of 51');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(pages.getByRole('button', { name: 'Next' })).toBeDisabled();
  await pages.getByRole('button', { name: 'Previous' }).click();
  await expect(pages.getByRole('status')).toHaveText('1–50 of 51');
});
