import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { embeddedServiceSetting, finished, untilServing } from '../helpers/embedded-service';

/**
 * Issue 24: `npm run db:backup` while the service runs, then a change, then `npm run db:restore` into an
 * empty data directory: the restored service is the database as it was at the backup.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
jest.setTimeout(300_000);

describe('db:backup and db:restore (the embedded database)', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function serve(env: NodeJS.ProcessEnv, base: string) {
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      env,
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exit = finished(child);
    await untilServing(child, exit, `${base}/health/ready`);
    return { stop: async () => (child.kill('SIGTERM'), (await exit).code) };
  }

  const db = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    run(process.execPath, [join(ROOT, 'dist/src/cli/db.js'), ...args], { env, cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: `${error.stdout}${error.stderr}`,
      }),
    );

  const login = (base: string, email: string, password: string) =>
    fetch(`${base}/auth/user/emailpass`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  async function createUser(env: NodeJS.ProcessEnv, email: string, password: string) {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist/src/cli/create-user.js'), '--email', email, '--password-stdin'],
      { env, cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end(password);
    expect((await finished(child)).code).toBe(0);
  }

  it('backs up while serving; a later change is gone after restoring into an empty DATA_DIR', async () => {
    const original = await embeddedServiceSetting('backup');
    const restored = await embeddedServiceSetting('restored');
    const backups = await mkdtemp(join(tmpdir(), 'gatehouse-backups-'));
    dirs.push(original.dataDir, restored.dataDir, backups);
    const backup = join(backups, 'first');

    const service = await serve(original.env, original.base);
    await createUser(original.env, 'kept@example.com', 'password-before-1');
    const made = await db(original.env, 'backup', '--to', backup);
    expect(made).toMatchObject({ code: 0 });
    expect(made.output).toContain(`to ${backup}`);

    // After the backup: a new user, and a changed password.
    await createUser(original.env, 'later@example.com', 'password-later-1');
    const { token } = (await (
      await login(original.base, 'kept@example.com', 'password-before-1')
    ).json()) as {
      token: string;
    };
    const changed = await fetch(`${original.base}/admin/users/me/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ old_password: 'password-before-1', password: 'password-after-2' }),
    });
    expect(changed.status).toBe(200);
    expect(await service.stop()).toBe(0);

    // Never over a database: the original DATA_DIR holds one.
    const refused = await db(original.env, 'restore', backup);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('holds a database: move it aside');

    expect(await db(restored.env, 'restore', backup)).toMatchObject({ code: 0 });
    const again = await serve(restored.env, restored.base);
    expect((await login(restored.base, 'kept@example.com', 'password-before-1')).status).toBe(200);
    expect((await login(restored.base, 'kept@example.com', 'password-after-2')).status).toBe(401);
    expect((await login(restored.base, 'later@example.com', 'password-later-1')).status).toBe(401);
    // And it refuses to restore under a running Gatehouse.
    const busy = await db(restored.env, 'restore', backup);
    expect(busy.code).toBe(2);
    expect(busy.output).toContain('stop it first');
    expect(await again.stop()).toBe(0);
  });

  it('points an external PostgreSQL to its own tools', async () => {
    const { env } = await embeddedServiceSetting('external');
    dirs.push(env.DATA_DIR!);
    const result = await db({ ...env, DATABASE_URL: 'postgres://db.internal/gatehouse' }, 'backup');
    expect(result.code).toBe(2);
    expect(result.output).toContain('back up that PostgreSQL with its own tools');
  });
});
