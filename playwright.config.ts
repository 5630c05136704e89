import { defineConfig } from '@playwright/test';

/**
 * The console's browser tests (`npm run test:console`): the built service with its built console, on a
 * database of its own, driven in Debian's Chromium (no browser can be downloaded here; `.ci/run` installs
 * `chromium` when it is missing). Every spec runs at 1280 px and at 390 px wide.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'console/e2e',
  outputDir: 'console/test-results/artifacts',
  globalSetup: './console/e2e/global-setup.ts',
  // Two cores: one browser at a time, and the specs share one service.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: process.env.CONSOLE_BASE_URL,
    launchOptions: { executablePath, args: ['--no-sandbox'] },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, hasTouch: true } },
  ],
});
