import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../../test/helpers/database';
import { setup as startDatabaseServer, teardown } from '../../test/helpers/test-database';

const ROOT = join(__dirname, '../..');
export const ADMIN = { email: 'console-admin@example.com', password: 'console-password-1' };
/** Another user, whom the specs make a plain member of their organizations. */
export const MEMBER = { email: 'console-member@example.com', password: 'console-password-2' };

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Starts the built service (`npm run test:console` builds it, console included) on a fresh database and
 * creates the admin the specs sign in as; returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await startDatabaseServer();
  const database = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'gatehouse_console');
  const port = await freePort();
  // The service's DATA_DIR: without SMTP_URL its mail goes to DATA_DIR/outbox, where the specs read it.
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-console-'));
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    JWT_SECRET: 'console-test-secret-that-is-long-enough-0123456789',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
  };
  for (const user of [ADMIN, MEMBER])
    execFileSync(
      process.execPath,
      [join(ROOT, 'dist/src/cli/create-user.js'), '--email', user.email, '--password-stdin'],
      { env, input: user.password, stdio: ['pipe', 'ignore', 'inherit'] },
    );
  const service = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (service.exitCode !== null) throw new Error('gatehouse exited during start-up');
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 300) throw new Error('gatehouse did not start');
    await new Promise((wait) => setTimeout(wait, 100));
  }
  process.env.CONSOLE_BASE_URL = url;
  process.env.CONSOLE_DATA_DIR = dataDir;
  return async () => {
    await new Promise((done) => (service.once('exit', done), service.kill('SIGTERM')));
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await teardown();
  };
}
