import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * `npm test` on a fresh machine: with no TEST_DATABASE_URL the suites run on an embedded PostgreSQL of
 * their own; with one that does not answer, the run stops in seconds, naming it. Each case runs Jest on
 * one small e2e file, as a developer would.
 */
const ROOT = resolve(__dirname, '../..');
jest.setTimeout(120_000);

function jestRun(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/e2e/users', '--selectProjects', 'e2e'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) =>
    child.once('exit', (code) => done({ code, output, ms: Date.now() - started })),
  );
}

describe('the test run finds its PostgreSQL', () => {
  const { TEST_DATABASE_URL: _unset, ...inherited } = process.env;

  it('without TEST_DATABASE_URL, starts an embedded one for the run and says so', async () => {
    const run = await jestRun(inherited);
    expect(run.output).toContain(
      'TEST_DATABASE_URL is not set: the tests run on an embedded PostgreSQL',
    );
    expect(run.output).toMatch(/Tests: +\d+ passed, \d+ total/);
    expect(run.code).toBe(0);
  });

  it('with a TEST_DATABASE_URL that does not answer, stops in seconds, naming it', async () => {
    const run = await jestRun({
      ...inherited,
      TEST_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/test',
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      'TEST_DATABASE_URL (postgres://postgres:***@127.0.0.1:1/test) does not answer',
    );
    expect(run.ms).toBeLessThan(30_000);
  });
});
