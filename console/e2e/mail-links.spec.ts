import type { Page } from '@playwright/test';
import { linkIn, waitForMail } from '../../test/helpers/mail';
import {
  createUser,
  emailFor,
  expect,
  expectAccessible,
  screenshot,
  signIn,
  test,
} from './fixtures';

/** Where the service writes its mail (global-setup: no SMTP_URL, so DATA_DIR/outbox). */
const dataDir = () => process.env.CONSOLE_DATA_DIR!;

/** Opens a mailed link in the page, as a mail program would (same path, same fragment). */
async function open(page: Page, link: URL): Promise<void> {
  await page.goto(`${link.pathname}${link.hash}`);
}

test('invite acceptance: the emailed link opens a page that sets a password and signs the new user in', async ({
  page,
  request,
  adminToken,
}) => {
  const email = emailFor('invitee');
  const invite = await request.post('/admin/invites', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { email, role_ids: ['role_developer'] },
  });
  expect(invite.ok()).toBe(true);

  const link = linkIn(await waitForMail(dataDir(), email, 'invite'));
  expect(link.url.pathname).toBe('/console/invite');
  await open(page, link.url);
  await expect(page.getByRole('heading', { name: 'Accept your invite' })).toBeVisible();
  // The token stays in the page's memory: the address bar, and so the history, no longer has it.
  await expect(page).toHaveURL(/\/console\/invite$/);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expectAccessible(page);
  await screenshot(page, 'accept-invite');

  await page.getByLabel('First name').fill('Grace');
  await page.getByLabel('Last name').fill('Hopper');
  await page.getByLabel('Password').fill(' '.repeat(8));
  await page.getByRole('button', { name: 'Accept invite' }).click();
  // The API's refusal, in its words.
  await expect(page.getByRole('alert')).toHaveText('password must not be only blank characters');

  await page.getByLabel('Password').fill('invited-and-accepted-1');
  await page.getByRole('button', { name: 'Accept invite' }).click();
  await expect(page.getByLabel('Signed in as')).toHaveText(email);
  // The invited role: a developer sees API keys, not Roles.
  await expect(page.getByRole('link', { name: 'API keys' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Roles' })).toHaveCount(0);

  // The link works once.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await open(page, link.url);
  await page.getByLabel('Password').fill('invited-and-accepted-1');
  await page.getByRole('button', { name: 'Accept invite' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'You have accepted this invite already. Sign in instead.',
  );
  // Someone else with the link cannot use it either.
  await open(page, link.url);
  await page.getByLabel('Password').fill('not-the-invitee-password');
  await page.getByRole('button', { name: 'Accept invite' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
});

test('password reset: "Forgot your password?", the emailed link, a new password, and the old one is refused', async ({
  page,
  request,
  adminToken,
}) => {
  const email = emailFor('forgetful');
  await createUser(request, adminToken, email, 'the-old-password-1');

  await page.goto('/console/');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText(`If ${email} has a Gatehouse login`);
  await expectAccessible(page);
  await screenshot(page, 'forgot-password');

  const link = linkIn(await waitForMail(dataDir(), email, 'user-password-reset'));
  expect(link.url.pathname).toBe('/console/reset-password');
  await open(page, link.url);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page).toHaveURL(/\/console\/reset-password$/);
  await expect(page.getByText(`For ${email}`)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'reset-password');

  await page.getByLabel('New password').fill('a-brand-new-password-2');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Your password is changed');

  const old = await request.post('/auth/user/emailpass', {
    data: { email, password: 'the-old-password-1' },
  });
  expect(old.status()).toBe(401);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, { email, password: 'a-brand-new-password-2' });

  // Spent: the same link again says so, and offers a new one.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await open(page, link.url);
  await page.getByLabel('New password').fill('yet-another-password-3');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('alert')).toContainText('expired or was used already');
  await expect(page.getByRole('link', { name: 'Ask for a new one.' })).toBeVisible();
});
