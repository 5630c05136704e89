/** The Redis the tests that share counters between instances use; unset, those tests are skipped. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

/**
 * A test that needs Redis: run when TEST_REDIS_URL is set; otherwise skipped with one line saying how to
 * run it, except under CI=true, where a skip fails the run.
 */
export function itWithRedis(name: string, test: () => Promise<void>): void {
  if (TEST_REDIS_URL) {
    it(name, test);
  } else if (process.env.CI === 'true') {
    it(name, () => {
      throw new Error('CI=true but TEST_REDIS_URL is unset: this test needs Redis');
    });
  } else {
    process.stderr.write(
      `skipped, needs Redis (set TEST_REDIS_URL=redis://127.0.0.1:6379 to run it): ${name}\n`,
    );
    it.skip(name, test);
  }
}
