import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN } from './global-setup';

/**
 * The service the global setup started, the admin it made, and helpers the specs share: sign in through
 * the page, call the API as the admin, take the page's screenshot, and scan it with axe.
 */
export const test = base.extend<{ adminToken: string }>({
  // The global setup picks the port; the config is read before it runs. (Playwright requires the
  // destructuring pattern, even empty.)
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.CONSOLE_BASE_URL),
  adminToken: async ({ request }, use) => {
    const response = await request.post('/auth/user/emailpass', { data: ADMIN });
    expect(response.ok()).toBe(true);
    await use(((await response.json()) as { token: string }).token);
  },
});
export { expect };

export async function signIn(page: Page, user = ADMIN): Promise<void> {
  await page.goto('/console/');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in as')).toHaveText(user.email);
}

/** A name no other spec, project (width) or run uses. */
export function unique(label: string): string {
  return `${label} ${test.info().project.name} ${Date.now().toString(36)}`;
}

/** An email no other spec, project or run uses. */
export const emailFor = (label: string) =>
  `${unique(label).replace(/\W+/g, '-')}@example.com`.toLowerCase();

/** A user made through the API (invite, register, accept); their id. */
export async function createUser(
  request: APIRequestContext,
  adminToken: string,
  email: string,
  password: string,
): Promise<string> {
  const invite = await request.post('/admin/invites', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { email },
  });
  const { token: inviteToken } = ((await invite.json()) as { invite: { token: string } }).invite;
  const registration = await request.post('/auth/user/emailpass/register', {
    data: { email, password },
  });
  const { token } = (await registration.json()) as { token: string };
  const accepted = await request.post(`/admin/invites/accept?token=${inviteToken}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {},
  });
  expect(accepted.ok()).toBe(true);
  return ((await accepted.json()) as { user: { id: string } }).user.id;
}

export async function createOrganization(
  request: APIRequestContext,
  token: string,
  name: string,
): Promise<string> {
  const response = await request.post('/cloud/organizations', {
    headers: { Authorization: `Bearer ${token}` },
    data: { name },
  });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { organization: { id: string } }).organization.id;
}

/** `console/test-results/<page>-<width>.png`, for a reviewer to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: `console/test-results/${name}-${test.info().project.name}.png`,
    fullPage: true,
  });
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(
    serious.map(
      (violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(' ')}`,
    ),
  ).toEqual([]);
}
