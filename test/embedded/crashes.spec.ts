import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { embeddedServiceSetting, finished, untilServing } from '../helpers/embedded-service';

/**
 * The embedded database in real life: the service killed with `kill -9` (or by the OOM killer), a second
 * service on the same data, the CLI while the service runs, SIGTERM sent to `npm` (as Docker and process
 * managers do), and a wrong DATABASE_URL.
 */
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const CLI = join(ROOT, 'dist/src/cli/create-user.js');
jest.setTimeout(180_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, withinMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
    if (condition()) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error('condition not met in time');
}

describe('the embedded database survives real life', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;
  const children: ChildProcess[] = [];
  const postmasterPid = () =>
    Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

  beforeAll(async () => {
    ({ dataDir, base, env } = await embeddedServiceSetting('crashes'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(command = process.execPath, args = [MAIN]): Promise<ChildProcess> {
    const child = spawn(command, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    await untilServing(child, finished(child), `${base}/health`);
    return child;
  }

  it('after a kill -9, the next start stops the orphaned PostgreSQL and serves again', async () => {
    const service = await start();
    const orphan = postmasterPid();
    service.kill('SIGKILL');
    await until(() => service.exitCode !== null || service.signalCode !== null);
    expect(alive(orphan)).toBe(true);

    const again = await start();
    expect(alive(orphan)).toBe(false);
    expect(postmasterPid()).not.toBe(orphan);
    const stopped = finished(again);
    again.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
  });

  it('a second service on the same data says who holds it and exits 1; the CLI shares it', async () => {
    const service = await start();
    const second = spawn(process.execPath, [MAIN], {
      env: { ...env, PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const refused = await finished(second);
    expect(refused.code).toBe(1);
    // Started as `node dist/src/main.js`, without what npm start passes.
    expect(refused.output).toContain(
      'started without --max-semi-space-size=8 --min-semi-space-size=8 --no-allocation-site-pretenuring --heap-growing-percent=20, which npm start passes to node',
    );
    expect(refused.output).toContain(
      `another Gatehouse (pid ${service.pid}) runs the embedded database in ${dataDir}`,
    );

    const cli = spawn(process.execPath, [CLI, '--email', 'ops@example.com', '--password-stdin'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    cli.stdin?.end('ops-password-42\n');
    const created = await finished(cli);
    expect(created).toMatchObject({ code: 0 });
    expect(created.output).toContain('Created admin user ops@example.com');
    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'ops-password-42' }),
    });
    expect(login.status).toBe(200);

    const stopped = finished(service);
    service.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
  });

  it('SIGTERM to npm (what Docker and process managers send) stops the service and its database', async () => {
    const npm = await start('npm', ['start', '--silent']);
    const service = Number(readFileSync(join(dataDir, 'gatehouse.pid'), 'utf8'));
    const postgres = postmasterPid();
    const stopped = finished(npm);
    npm.kill('SIGTERM');
    await stopped;
    await until(() => !alive(service) && !alive(postgres));
  });

  // As root, PostgreSQL runs as the `postgres` system user, which cannot enter root's home directory.
  (process.getuid?.() === 0 ? it : it.skip)(
    'as root, data the postgres user cannot reach stops the start with what to do',
    async () => {
      const hidden = await mkdtemp(join('/root', 'gatehouse-hidden-'));
      try {
        const child = spawn(process.execPath, [MAIN], {
          env: { ...env, DATA_DIR: join(hidden, 'data') },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const failed = await finished(child);
        expect(failed.code).toBe(1);
        expect(failed.output).toContain('Permission denied');
        expect(failed.output).toContain(
          'Run Gatehouse as a non-root user, or keep the checkout and DATA_DIR in directories every user can traverse',
        );
      } finally {
        await rm(hidden, { recursive: true, force: true });
      }
    },
  );

  it('a wrong DATABASE_URL fails in seconds, naming the cause', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/no_such_database' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const failed = await finished(child);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('database \\"no_such_database\\" does not exist');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
